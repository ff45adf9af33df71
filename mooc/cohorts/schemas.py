"""Input and output schemas for cohorts and their reports, shared by the pages and the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate, validates_schema

from mooc.schemas import (
    MESSAGES,
    InputSchema,
    Itself,
    OutputSchema,
    UtcDateTime,
    email_field,
    text,
)
from mooc.urls import external_url

DATE = {"error_messages": {**MESSAGES, "invalid": _l("Enter a date as YYYY-MM-DD.")}}


class CohortInputSchema(InputSchema):
    """A new cohort: its name, member city, course or path (`course:SLUG` or `path:SLUG`)."""

    name = text(maximum=200)
    city_id = fields.Integer(required=True, error_messages=MESSAGES)
    target = text(maximum=120)
    starts_on = fields.Date(required=False, allow_none=True, **DATE)
    ends_on = fields.Date(required=False, allow_none=True, **DATE)

    @validates_schema
    def ordered_dates(self, data, **kwargs):
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError(_l("The end date comes before the start date."), "ends_on")


class CohortUpdateSchema(CohortInputSchema):
    """Changes to a cohort (its course or path cannot change)."""

    class Meta:
        exclude = ("target",)


class EmailsSchema(InputSchema):
    """Learners to add by email."""

    emails = fields.List(
        email_field(),
        required=True,
        validate=validate.Length(min=1, max=5000, error=_l("Send between 1 and 5,000 emails.")),
        error_messages=MESSAGES,
    )


class TrainerSchema(InputSchema):
    """A trainer to add to a cohort."""

    email = email_field()


class CitySchema(OutputSchema):
    """A member city."""

    id = fields.Integer()
    name = fields.String()
    local_name = fields.String()
    country = fields.String()
    region = fields.String()


class SummarySchema(OutputSchema):
    """A cohort at a glance."""

    enrolled = fields.Integer()
    active = fields.Integer(metadata={"description": "Learners active in the last 7 days"})
    completed = fields.Integer()
    certified = fields.Integer()
    average_score = fields.Float(allow_none=True)


def _slug(name: str):
    """A `fields.Method` body: the slug of the cohort's course or path, if it has one."""

    def read(self, obj) -> str | None:
        target = getattr(obj["cohort"] if isinstance(obj, dict) else obj, name)
        return target.slug if target is not None else None

    return read


_SLUG = {"type": "string", "nullable": True}


class CohortSchema(OutputSchema):
    """A cohort, for its trainers: `{"cohort": Cohort, "members": n, "summary": Summary}` (the
    summary when it was computed, else `members`)."""

    id = fields.Integer(attribute="cohort.id")
    name = fields.String(attribute="cohort.name")
    city = fields.Nested(CitySchema, attribute="cohort.city")
    course = fields.Method("course_slug", metadata={**_SLUG, "description": "Course id"})
    path = fields.Method("path_slug", metadata={**_SLUG, "description": "Learning path id"})
    starts_on = fields.Date(allow_none=True, attribute="cohort.starts_on")
    ends_on = fields.Date(allow_none=True, attribute="cohort.ends_on")
    join_url = fields.Method("join_link", metadata={"type": "string"})
    members = fields.Method("member_count", metadata={"type": "integer"})
    summary = fields.Nested(SummarySchema, allow_none=True)

    course_slug = _slug("course")
    path_slug = _slug("path")

    def join_link(self, obj) -> str:
        return external_url("cohorts.join", code=obj["cohort"].join_code)

    def member_count(self, obj) -> int:
        summary = obj.get("summary")
        return summary.enrolled if summary is not None else obj.get("members") or 0


class LearnerProgressSchema(OutputSchema):
    """One learner's progress in a cohort (a `LearnerRow`); best scores by quiz id, which the
    schema is given as `quiz_slugs` (lesson id -> quiz id)."""

    def __init__(self, *args, quiz_slugs: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.quiz_slugs = quiz_slugs or {}

    user_id = fields.Integer()
    name = fields.String()
    email = fields.String()
    joined_at = UtcDateTime()
    done = fields.Integer()
    total = fields.Integer()
    percent = fields.Float()
    best_scores = fields.Method(
        "scores_by_quiz", metadata={"type": "object", "additionalProperties": {"type": "number"}}
    )
    quizzes_passed = fields.Integer(attribute="passed")
    completed = fields.Boolean()
    certificate = fields.String()
    last_activity = UtcDateTime(allow_none=True)

    def scores_by_quiz(self, row) -> dict[str, float]:
        return {self.quiz_slugs.get(k, str(k)): v for k, v in row.best.items()}


class ModuleCompletionSchema(OutputSchema):
    """How many learners completed a module (an entry of `analysis.module_completion`)."""

    module = fields.String(attribute="module.slug")
    title = fields.String(attribute="module.text.title")
    complete = fields.Integer()
    enrolled = fields.Integer()
    share = fields.Float()


class QuestionStatSchema(OutputSchema):
    """A quiz question and the share of first attempts that got it right."""

    quiz = fields.String()
    question_id = fields.String(attribute="qid")
    question = fields.String()
    attempts = fields.Integer()
    right = fields.Integer()
    share = fields.Float(allow_none=True)


class EnrolledSchema(OutputSchema):
    """What adding learners by email did: new invitations, and emails already invited or in
    the cohort (whether an account exists is never told)."""

    invited = fields.Integer()
    already = fields.Integer()


class JoinedSchema(OutputSchema):
    """The cohort a learner joined (a `Cohort`)."""

    id = fields.Integer()
    name = fields.String()
    course = fields.Method("course_slug", metadata=_SLUG)
    path = fields.Method("path_slug", metadata=_SLUG)

    course_slug = _slug("course")
    path_slug = _slug("path")


class ScopeReportSchema(OutputSchema):
    """A cohort in an admin's report across a city, a country or a region (an entry of
    `scopes.scope_report`)."""

    cohort = Itself(CohortSchema)
    summary = fields.Nested(SummarySchema)
