"""Input and output schemas for cohorts and their reports, shared by the pages and the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate, validates_schema

from mooc.schemas import MESSAGES, InputSchema, OutputSchema, UtcDateTime, email_field, text

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


class CohortSchema(OutputSchema):
    """A cohort, for its trainers."""

    id = fields.Integer()
    name = fields.String()
    city = fields.Nested(CitySchema)
    course = fields.String(allow_none=True, metadata={"description": "Course id"})
    path = fields.String(allow_none=True, metadata={"description": "Learning path id"})
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    join_url = fields.String()
    members = fields.Integer()
    summary = fields.Nested(SummarySchema, allow_none=True)


class LearnerProgressSchema(OutputSchema):
    """One learner's progress in a cohort."""

    user_id = fields.Integer()
    name = fields.String()
    email = fields.String()
    joined_at = UtcDateTime()
    done = fields.Integer()
    total = fields.Integer()
    percent = fields.Float()
    best_scores = fields.Dict(keys=fields.String(), values=fields.Float())
    quizzes_passed = fields.Integer()
    completed = fields.Boolean()
    certificate = fields.String()
    last_activity = UtcDateTime(allow_none=True)


class ModuleCompletionSchema(OutputSchema):
    """How many learners completed a module."""

    module = fields.String()
    title = fields.String()
    complete = fields.Integer()
    enrolled = fields.Integer()
    share = fields.Float()


class QuestionStatSchema(OutputSchema):
    """A quiz question and the share of first attempts that got it right."""

    quiz = fields.String()
    question_id = fields.String()
    question = fields.String()
    attempts = fields.Integer()
    right = fields.Integer()
    share = fields.Float(allow_none=True)


class EnrolledSchema(OutputSchema):
    """What adding learners by email did."""

    added = fields.Integer()
    already = fields.Integer()
    invited = fields.Integer()


class JoinedSchema(OutputSchema):
    """The cohort a learner joined."""

    id = fields.Integer()
    name = fields.String()
    course = fields.String(allow_none=True)
    path = fields.String(allow_none=True)


class ScopeReportSchema(OutputSchema):
    """A cohort in an admin's report across a city, a country or a region."""

    cohort = fields.Nested(CohortSchema)
    summary = fields.Nested(SummarySchema)
