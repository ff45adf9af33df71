"""Assignment schemas for the API: the brief and rubric, the learner's work, the reviews she
gives and gets (reviewers unnamed unless the course names them), the trainer's views."""

from __future__ import annotations

from marshmallow import fields, validate

from mooc.schemas import InputSchema, OutputSchema, UtcDateTime

_LEVELS = {"type": "object", "additionalProperties": {"type": "number"}}
_TEXTS = {"type": "object", "additionalProperties": {"type": "string"}}


class LevelSchema(OutputSchema):
    """One level of a criterion."""

    points = fields.Integer(required=True)
    html = fields.String(required=True)


class CriterionSchema(OutputSchema):
    """A criterion of the rubric in the reader's language (dumps a `CriterionText`)."""

    id = fields.String(required=True, attribute="criterion.cid")
    title_html = fields.String(required=True)
    body_html = fields.String(required=True)
    levels = fields.List(fields.Nested(LevelSchema), required=True)


class WorkSchema(OutputSchema):
    """A learner's work (dumps a `Submission`)."""

    id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": ["draft", "submitted", "graded"]})
    body = fields.String(required=True, metadata={"description": "the Markdown as written"})
    body_html = fields.String(required=True)
    words = fields.Integer(required=True)
    submitted_at = UtcDateTime(allow_none=True)
    graded_at = UtcDateTime(allow_none=True)
    points = fields.Float(allow_none=True)
    max_points = fields.Integer(allow_none=True)
    percent = fields.Float(allow_none=True)
    passed = fields.Boolean(allow_none=True)
    levels = fields.Dict(keys=fields.String(), values=fields.Float(), metadata=_LEVELS)


class ReceivedReviewSchema(OutputSchema):
    """A review of the learner's work (dumps a `ReceivedReview`)."""

    id = fields.Integer(required=True, attribute="review.id")
    by_trainer = fields.Boolean(required=True, attribute="trainer")
    reviewer = fields.String(allow_none=True, metadata={"description": "null when anonymous"})
    levels = fields.Dict(attribute="review.levels", metadata=_LEVELS)
    comments = fields.Dict(attribute="review.comments", metadata=_TEXTS)
    flag = fields.String(required=True, attribute="review.flag")


class ReviewTaskSchema(OutputSchema):
    """A review the learner was given (dumps a `Review`); its work, never its author."""

    id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": ["assigned", "done", "expired"]})
    due_at = UtcDateTime(allow_none=True)
    levels = fields.Dict(metadata=_LEVELS)
    comments = fields.Dict(metadata=_TEXTS)
    work_html = fields.Function(lambda r: r.submission.body_html, metadata={"type": "string"})


class AssignmentSchema(OutputSchema):
    """An assignment page: settings, brief, rubric, the learner's work, her reviews to do and,
    once graded, the reviews of her work."""

    id = fields.String(required=True, attribute="lesson.slug")
    title = fields.String(required=True, attribute="text.title")
    brief_html = fields.String(required=True, attribute="text.body_html")
    pass_mark = fields.Float(required=True, attribute="lesson.pass_mark")
    reviews = fields.Integer(required=True, attribute="lesson.reviews")
    max_words = fields.Integer(required=True, attribute="lesson.max_words")
    total_points = fields.Integer(required=True, attribute="total")
    passed = fields.Boolean(required=True, attribute="item_state.done")
    criteria = fields.List(fields.Nested(CriterionSchema), required=True)
    submission = fields.Nested(WorkSchema, allow_none=True)
    to_review = fields.List(fields.Nested(ReviewTaskSchema), required=True, attribute="to_do")
    received = fields.List(fields.Nested(ReceivedReviewSchema), required=True)


class WorkInputSchema(InputSchema):
    """The learner's text; `submit: true` hands it in."""

    body = fields.String(required=True, validate=validate.Length(max=100_000))
    submit = fields.Boolean(load_default=False)


class ReviewInputSchema(InputSchema):
    """A level (points) and a comment per criterion id; `submit: true` sends the review."""

    levels = fields.Dict(keys=fields.String(), values=fields.Integer(), load_default=dict)
    comments = fields.Dict(
        keys=fields.String(),
        values=fields.String(validate=validate.Length(max=5000)),
        load_default=dict,
    )
    submit = fields.Boolean(load_default=False)


class FlagInputSchema(InputSchema):
    """Why a review of the learner's work is unfair."""

    reason = fields.String(load_default="", validate=validate.Length(max=2000))


class DecisionInputSchema(InputSchema):
    """A trainer's decision on a flagged review."""

    review = fields.Integer(required=True)
    uphold = fields.Boolean(required=True)


class SpreadSchema(OutputSchema):
    """How many reviews gave each level of one criterion (dumps a `CriterionSpread`)."""

    id = fields.String(required=True, attribute="criterion.criterion.cid")
    counts = fields.Function(
        lambda s: {str(points): n for points, n in s.counts},
        metadata={"type": "object", "additionalProperties": {"type": "integer"}},
    )


class SubmissionRowSchema(OutputSchema):
    """One learner's work in the trainer's list."""

    id = fields.Function(lambda row: row[0].id, metadata={"type": "integer"})
    learner = fields.Function(lambda row: row[1], metadata={"type": "string"})
    status = fields.Function(lambda row: row[0].status, metadata={"type": "string"})
    reviews_done = fields.Function(lambda row: row[2], metadata={"type": "integer"})
    percent = fields.Function(lambda row: row[0].percent, metadata={"type": "number"})
    passed = fields.Function(lambda row: row[0].passed, metadata={"type": "boolean"})


class CohortAssignmentSchema(OutputSchema):
    """An assignment in a cohort (dumps an `AssignmentSummary`)."""

    id = fields.String(required=True, attribute="lesson.slug")
    course = fields.String(required=True, attribute="lesson.course.slug")
    title = fields.String(required=True)
    submitted = fields.Integer(required=True)
    reviewed = fields.Integer(required=True)
    passed = fields.Integer(required=True)
    waiting = fields.Integer(required=True)
    flagged = fields.Integer(required=True)
    rubric_analysis = fields.List(fields.Nested(SpreadSchema), attribute="spread")
    submissions = fields.List(fields.Nested(SubmissionRowSchema), attribute="rows")


class NamedReviewSchema(OutputSchema):
    """A review as its trainer sees it: the reviewer named."""

    id = fields.Function(lambda row: row[0].id, metadata={"type": "integer"})
    reviewer = fields.Function(lambda row: row[1], metadata={"type": "string"})
    kind = fields.Function(lambda row: row[0].kind, metadata={"type": "string"})
    status = fields.Function(lambda row: row[0].status, metadata={"type": "string"})
    levels = fields.Function(lambda row: row[0].levels, metadata=_LEVELS)
    comments = fields.Function(lambda row: row[0].comments, metadata=_TEXTS)
    flag = fields.Function(lambda row: row[0].flag, metadata={"type": "string"})
    flag_reason = fields.Function(lambda row: row[0].flag_reason, metadata={"type": "string"})


class CohortSubmissionSchema(OutputSchema):
    """One learner's work with every review, for a trainer of her cohort."""

    learner = fields.String(required=True, attribute="author")
    work = fields.Nested(WorkSchema, attribute="submission")
    reviews = fields.List(fields.Nested(NamedReviewSchema))
