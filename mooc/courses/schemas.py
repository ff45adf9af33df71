"""Output schemas of courses, lessons and paths in the API."""

from __future__ import annotations

from marshmallow import fields

from mooc.schemas import OutputSchema


class ItemSchema(OutputSchema):
    """A lesson or quiz in a course outline, with the learner's state."""

    id = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": ["lesson", "quiz"]})
    title = fields.String(required=True)
    minutes = fields.Integer(allow_none=True)
    required = fields.Boolean(required=True)
    url = fields.String(required=True)
    done = fields.Boolean(required=True)
    best_score = fields.Float(allow_none=True)
    attempts = fields.Integer(required=True)


class ModuleSchema(OutputSchema):
    """A module, its items, and whether it is locked (and by which module)."""

    id = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    complete = fields.Boolean(required=True)
    locked_by = fields.String(allow_none=True)
    items = fields.List(fields.Nested(ItemSchema), required=True)


class CourseSummarySchema(OutputSchema):
    """A course in the catalogue."""

    id = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    language = fields.String(required=True)
    languages = fields.List(fields.String(), required=True)
    hours = fields.Float(allow_none=True)
    sequential = fields.Boolean(required=True)
    locale = fields.String(required=True, metadata={"description": "language of the texts"})


class CourseSchema(CourseSummarySchema):
    """A course with its outline and the learner's progress."""

    body_html = fields.String(required=True)
    enrolled = fields.Boolean(required=True)
    progress = fields.Float(required=True, metadata={"description": "0 to 1"})
    complete = fields.Boolean(required=True)
    resume = fields.String(allow_none=True, metadata={"description": "id of the item to resume"})
    modules = fields.List(fields.Nested(ModuleSchema), required=True)


class LessonSchema(OutputSchema):
    """A lesson's text in the reader's language."""

    id = fields.String(required=True)
    kind = fields.String(required=True)
    course = fields.String(required=True)
    module = fields.String(required=True)
    title = fields.String(required=True)
    body_html = fields.String(required=True)
    locale = fields.String(required=True)
    fallback = fields.Boolean(required=True)
    minutes = fields.Integer(allow_none=True)
    required = fields.Boolean(required=True)
    done = fields.Boolean(required=True)
    previous = fields.String(allow_none=True)
    next = fields.String(allow_none=True)


class PathCourseSchema(OutputSchema):
    """A course of a path with the learner's state."""

    id = fields.String(required=True)
    title = fields.String(required=True)
    enrolled = fields.Boolean(required=True)
    complete = fields.Boolean(required=True)
    progress = fields.Float(required=True)
    locked_by = fields.String(allow_none=True)


class PathSchema(OutputSchema):
    """A learning path with its courses in order."""

    id = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    sequential = fields.Boolean(required=True)
    enrolled = fields.Boolean(required=True)
    progress = fields.Float(required=True)
    next = fields.String(allow_none=True)
    courses = fields.List(fields.Nested(PathCourseSchema), required=True)


class PathSummarySchema(OutputSchema):
    """A learning path in a list."""

    id = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    sequential = fields.Boolean(required=True)
