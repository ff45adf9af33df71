"""Exchange schemas: input for answers and posts, output dumping the objects the pages use."""

from __future__ import annotations

from marshmallow import fields, validate

from mooc.exchange.models import DIGESTS
from mooc.schemas import InputSchema, OutputSchema, UtcDateTime, choice


class AnswerInputSchema(InputSchema):
    """Her answer to a prompt and how she shares it."""

    body = fields.String(required=True, validate=validate.Length(max=20_000))
    locale = fields.String(validate=validate.OneOf(["en", "fr", "es"]))
    share_cohort = fields.Boolean(load_default=False)
    share_cities = fields.Boolean(load_default=False)
    case_study = fields.Boolean(load_default=False)
    case_study_named = fields.Boolean(load_default=False)


class PostInputSchema(InputSchema):
    """A reply or a post (Markdown); `parent`: the thread a discussion reply answers."""

    body = fields.String(required=True, validate=validate.Length(max=20_000))
    parent = fields.Integer(allow_none=True, validate=validate.Range(min=1))


class ReportInputSchema(InputSchema):
    """Why she reports an answer or a post."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class OwnAnswerSchema(OutputSchema):
    """Her own answer (an `Answer`)."""

    id = fields.Integer(required=True)
    body = fields.String(required=True)
    body_html = fields.String(required=True)
    locale = fields.String(required=True)
    shared_cohort = fields.Boolean(required=True)
    shared_cities = fields.Boolean(required=True)
    case_study = fields.Boolean(required=True)
    case_study_named = fields.Boolean(required=True)
    updated_at = UtcDateTime(required=True)


class ExchangeCitySchema(OutputSchema):
    """A member city: name, country, UCLG region."""

    name = fields.String(required=True)
    country = fields.String(required=True)
    region = fields.String(required=True)


class ReplySchema(OutputSchema):
    """A reply or post as lists show it (an `Entry` of a `Post`)."""

    id = fields.Integer(required=True)
    author = fields.String(required=True)
    city = fields.Nested(ExchangeCitySchema, allow_none=True)
    body_html = fields.String(required=True, attribute="item.body_html")
    locale = fields.String(required=True, attribute="item.locale")
    created_at = UtcDateTime(required=True, attribute="item.created_at")
    pinned = fields.Boolean(attribute="item.pinned")
    endorsed = fields.Method("is_endorsed")

    def is_endorsed(self, entry) -> bool:
        return entry.item.endorsed_by_id is not None


class SharedAnswerSchema(OutputSchema):
    """Someone's shared answer (an `Entry`): author, city, text, replies, useful marks."""

    id = fields.Integer(required=True)
    author = fields.String(required=True)
    city = fields.Nested(ExchangeCitySchema, allow_none=True)
    body_html = fields.String(required=True, attribute="item.body_html")
    locale = fields.String(required=True, attribute="item.locale")
    updated_at = UtcDateTime(required=True, attribute="item.updated_at")
    useful = fields.Integer(required=True)
    marked = fields.Boolean(required=True)
    hidden = fields.Method("is_hidden")  # only moderators see hidden answers
    replies = fields.List(fields.Nested(ReplySchema), required=True)

    def is_hidden(self, entry) -> bool:
        return entry.item.hidden_at is not None


class AnswerPageSchema(OutputSchema):
    """One page of shared answers (a `Page`)."""

    page = fields.Integer(required=True, attribute="number")
    more = fields.Boolean(required=True)
    answers = fields.List(fields.Nested(SharedAnswerSchema), required=True, attribute="entries")


class PromptSchema(OutputSchema):
    """A prompt of the course (a `PromptText`) with her answer."""

    id = fields.String(required=True, attribute="text.prompt.slug")
    prompt_html = fields.String(required=True, attribute="text.html")
    locale = fields.String(required=True, attribute="text.locale")
    answer = fields.Nested(OwnAnswerSchema, allow_none=True)


class PromptPageSchema(PromptSchema):
    """A prompt, her answer, and the shared answers she may read (null: not yet)."""

    cohort = fields.Nested(AnswerPageSchema, allow_none=True)
    cities = fields.Nested(AnswerPageSchema, allow_none=True)


class DiscussionSchema(OutputSchema):
    """A discussion and one page of its threads (pinned first)."""

    id = fields.Integer(required=True, attribute="discussion.id")
    title = fields.String(required=True, attribute="discussion.title")
    body_html = fields.String(required=True, attribute="discussion.body_html")
    page = fields.Integer(required=True, attribute="page.number")
    more = fields.Boolean(required=True, attribute="page.more")
    threads = fields.Method("dump_threads")

    def dump_threads(self, data) -> list:
        return [
            {**ReplySchema().dump(entry), "replies": ReplySchema(many=True).dump(entry.replies)}
            for entry in data["page"].entries
        ]


class PostSchema(OutputSchema):
    """A post just written (a `Post`)."""

    id = fields.Integer(required=True)
    body_html = fields.String(required=True)
    locale = fields.String(required=True)
    created_at = UtcDateTime(required=True)


class NotificationSchema(OutputSchema):
    """A notification (a `Notification`)."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    actor_name = fields.String(required=True)
    url = fields.String(required=True)
    excerpt = fields.String(required=True)
    created_at = UtcDateTime(required=True)
    read = fields.Method("is_read")

    def is_read(self, row) -> bool:
        return row.read_at is not None


class UsefulSchema(OutputSchema):
    """Whether she marks the answer useful now."""

    marked = fields.Boolean(required=True)


# Moderation, trainers' view, case studies, settings and privacy.


class HiddenInputSchema(InputSchema):
    """Hide what a moderator names (`false`: restore it)."""

    hidden = fields.Boolean(required=True)


class HiddenSchema(OutputSchema):
    """Whether an answer or a post is hidden now."""

    id = fields.Integer(required=True)
    hidden = fields.Method("is_hidden")

    def is_hidden(self, row) -> bool:
        return row.hidden_at is not None


class FlagsInputSchema(InputSchema):
    """Pin or unpin a thread, endorse a post or take it back (either or both)."""

    pinned = fields.Boolean()
    endorsed = fields.Boolean()


class FlagsSchema(HiddenSchema):
    """A discussion post's moderation state."""

    pinned = fields.Boolean(required=True)
    endorsed = fields.Method("is_endorsed")

    def is_endorsed(self, row) -> bool:
        return row.endorsed_by_id is not None


class MuteInputSchema(InputSchema):
    """Mute a member of the cohort (`muted: false` lets her post again)."""

    user_id = fields.Integer(required=True, validate=validate.Range(min=1))
    muted = fields.Boolean(load_default=True)


class MuteSchema(OutputSchema):
    """A learner muted in a cohort."""

    user_id = fields.Integer(required=True, attribute="mute.user_id")
    name = fields.String(required=True)
    created_at = UtcDateTime(required=True, attribute="mute.created_at")


class OpenInputSchema(InputSchema):
    """Open a prompt's shared answers to all of the cohort (`false`: only to who shared)."""

    opened = fields.Boolean(required=True)


class OpenSchema(OutputSchema):
    """Whether all of the cohort reads the prompt's shared answers."""

    opened = fields.Boolean(required=True)


class ReportSchema(OutputSchema):
    """A report waiting for its moderators, with what it names (an answer or a post)."""

    id = fields.Integer(required=True, attribute="report.id")
    reason = fields.String(required=True, attribute="report.reason")
    created_at = UtcDateTime(required=True, attribute="report.created_at")
    answer_id = fields.Integer(allow_none=True, attribute="report.answer_id")
    post_id = fields.Integer(allow_none=True, attribute="report.post_id")
    body_html = fields.Method("target_html")
    hidden = fields.Method("target_hidden")

    def target_html(self, data) -> str:
        return data["target"].body_html if data["target"] is not None else ""

    def target_hidden(self, data) -> bool:
        return data["target"] is not None and data["target"].hidden_at is not None


class CohortPromptSchema(OutputSchema):
    """A prompt of the cohort's course: how many of the cohort answered and shared."""

    id = fields.String(required=True, attribute="text.prompt.slug")
    prompt_html = fields.String(required=True, attribute="text.html")
    locale = fields.String(required=True, attribute="text.locale")
    answered = fields.Integer(required=True)
    shared = fields.Integer(required=True)
    opened = fields.Boolean(required=True)


class CohortAnswersSchema(OutputSchema):
    """One page of a cohort's shared answers to a prompt (`prompt`: its id; null when the
    course has no prompts)."""

    prompt = fields.String(allow_none=True, required=True)
    page = fields.Integer(required=True, attribute="page.number")
    more = fields.Boolean(required=True, attribute="page.more")
    answers = fields.List(
        fields.Nested(SharedAnswerSchema), required=True, attribute="page.entries"
    )


class CaseStudyInputSchema(InputSchema):
    """Consent to publish a shared answer as a case study; `named`: with her name."""

    named = fields.Boolean(load_default=False)


class CaseStudySchema(OutputSchema):
    """A consented answer for the Inclusive Cities Observatory."""

    city = fields.String(required=True)
    country = fields.String(required=True)
    region = fields.String(required=True)
    course = fields.String(required=True)
    prompt = fields.String(required=True)
    language = fields.String(required=True)
    text = fields.String(required=True)
    author = fields.String(required=True, metadata={"description": "empty unless she chose"})


class CaseStudiesSchema(OutputSchema):
    """The case studies export."""

    exported_at = UtcDateTime(required=True)
    case_studies = fields.List(fields.Nested(CaseStudySchema), required=True)


class SettingsInputSchema(InputSchema):
    """The digest (off, daily, weekly) and whether it includes other cities' activity."""

    digest = choice(DIGESTS)
    digest_cities = fields.Boolean(load_default=False)


class SettingsSchema(OutputSchema):
    """Her exchange settings (no digest and no other cities until she chooses)."""

    digest = fields.String(required=True)
    digest_cities = fields.Boolean(required=True)


class DeleteAccountInputSchema(InputSchema):
    """Close the account: `remove` her posts, or `anonymise` them; `confirmation`: DELETE."""

    mode = choice(("remove", "anonymise"))
    confirmation = fields.String(required=True, validate=validate.Length(max=20))


class MyDataSchema(OutputSchema):
    """Everything the app holds on her (the privacy export)."""

    exported_at = fields.String(required=True)
    account = fields.Dict(required=True)
    cohorts = fields.List(fields.Dict(), required=True)
    enrolments = fields.List(fields.Dict(), required=True)
    lessons_done = fields.Integer(required=True)
    quiz_attempts = fields.Integer(required=True)
    certificates = fields.List(fields.Dict(), required=True)
    answers = fields.List(fields.Dict(), required=True)
    posts = fields.List(fields.Dict(), required=True)
    useful_marks = fields.Integer(required=True)
    reports_made = fields.List(fields.Dict(), required=True)
    notifications = fields.Integer(required=True)
    exchange_settings = fields.Dict(required=True)
