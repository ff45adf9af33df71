"""Output schemas of courses, lessons and paths in the API: each dumps the objects the pages
use (outlines, progress states, lesson pages), never a dict built for it."""

from __future__ import annotations

from marshmallow import fields

from mooc.i18n import locale_code
from mooc.schemas import OutputSchema


def _slug_of(name: str):
    """A `fields.Method` body: the slug of an optional related object."""

    def read(self, obj) -> str | None:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name)
        return value.slug if value is not None else None

    return read


class ItemSchema(OutputSchema):
    """A lesson, quiz or assignment in a course outline, with the learner's state (an
    `ItemState`)."""

    id = fields.String(required=True, attribute="item.slug")
    kind = fields.String(
        required=True, attribute="item.kind", metadata={"enum": ["lesson", "quiz", "assignment"]}
    )
    title = fields.String(required=True, attribute="item.title")
    minutes = fields.Integer(allow_none=True, attribute="item.minutes")
    required = fields.Boolean(required=True, attribute="item.required")
    url = fields.String(required=True, attribute="item.url")
    done = fields.Boolean(required=True)
    best_score = fields.Float(allow_none=True)
    attempts = fields.Integer(required=True)


class ModuleSchema(OutputSchema):
    """A module, its items, and whether it is locked, and by which module (a `ModuleState`)."""

    id = fields.String(required=True, attribute="module.slug")
    title = fields.String(required=True, attribute="module.text.title")
    summary = fields.String(required=True, attribute="module.text.summary")
    complete = fields.Boolean(required=True)
    locked_by = fields.Method("locked_by_slug", allow_none=True, metadata={"type": "string"})
    items = fields.List(fields.Nested(ItemSchema), required=True)

    locked_by_slug = _slug_of("locked_by")


class CourseSummarySchema(OutputSchema):
    """A course in the catalogue (`{"course": Course, "text": Text}`)."""

    id = fields.String(required=True, attribute="course.slug")
    title = fields.String(required=True, attribute="text.title")
    summary = fields.String(required=True, attribute="text.summary")
    language = fields.String(required=True, attribute="course.language")
    languages = fields.List(fields.String(), required=True, attribute="course.languages")
    hours = fields.Float(allow_none=True, attribute="course.hours")
    sequential = fields.Boolean(required=True, attribute="course.sequential")
    locale = fields.Method(
        "text_locale",
        required=True,
        metadata={"type": "string", "description": "language of the texts"},
    )

    def text_locale(self, obj) -> str:
        return obj["text"].locale or locale_code()


class CourseSchema(CourseSummarySchema):
    """A course with its outline and the learner's progress (an outline with its `state`)."""

    body_html = fields.String(required=True, attribute="text.body_html")
    enrolled = fields.Method("is_enrolled", required=True, metadata={"type": "boolean"})
    progress = fields.Float(
        required=True, attribute="state.percent", metadata={"description": "0 to 1"}
    )
    complete = fields.Boolean(required=True, attribute="state.complete")
    resume = fields.Method(
        "resume_slug",
        allow_none=True,
        metadata={"type": "string", "description": "id of the item to resume"},
    )
    modules = fields.List(fields.Nested(ModuleSchema), required=True, attribute="state.modules")

    def is_enrolled(self, obj) -> bool:
        return obj["state"].enrolment is not None

    def resume_slug(self, obj) -> str | None:
        return obj["state"].resume.slug if obj["state"].resume else None


class LessonSchema(OutputSchema):
    """A lesson's text in the reader's language (a lesson page with `done`)."""

    id = fields.String(required=True, attribute="lesson.slug")
    kind = fields.String(required=True, attribute="lesson.kind")
    course = fields.String(required=True, attribute="course.slug")
    module = fields.String(required=True, attribute="module.slug")
    title = fields.String(required=True, attribute="text.title")
    body_html = fields.String(required=True, attribute="text.body_html")
    locale = fields.String(required=True, attribute="text.locale")
    fallback = fields.Boolean(required=True, attribute="text.fallback")
    minutes = fields.Integer(allow_none=True, attribute="lesson.minutes")
    required = fields.Boolean(required=True, attribute="lesson.required")
    done = fields.Boolean(required=True)
    previous = fields.Method("previous_slug", allow_none=True, metadata={"type": "string"})
    next = fields.Method("next_slug", allow_none=True, metadata={"type": "string"})

    previous_slug = _slug_of("previous")
    next_slug = _slug_of("next")


class PathCourseSchema(OutputSchema):
    """A course of a path with the learner's state (an entry of a path page)."""

    id = fields.String(required=True, attribute="course.slug")
    title = fields.String(required=True, attribute="text.title")
    enrolled = fields.Boolean(required=True)
    complete = fields.Boolean(required=True)
    progress = fields.Float(required=True, attribute="percent")
    locked_by = fields.String(allow_none=True)


class PathSummarySchema(OutputSchema):
    """A learning path in a list (`{"path": LearningPath, "text": Text}`)."""

    id = fields.String(required=True, attribute="path.slug")
    title = fields.String(required=True, attribute="text.title")
    summary = fields.String(required=True, attribute="text.summary")
    sequential = fields.Boolean(required=True, attribute="path.sequential")


class PathSchema(PathSummarySchema):
    """A learning path with its courses in order and the learner's progress (a path page)."""

    enrolled = fields.Boolean(required=True)
    progress = fields.Float(required=True, attribute="percent")
    next = fields.Method("next_slug", allow_none=True, metadata={"type": "string"})
    courses = fields.List(fields.Nested(PathCourseSchema), required=True)

    def next_slug(self, obj) -> str | None:
        return obj["next"]["course"].slug if obj["next"] else None
