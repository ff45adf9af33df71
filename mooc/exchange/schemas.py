"""Exchange schemas: input for answers and posts, output dumping the objects the pages use."""

from __future__ import annotations

from marshmallow import fields, validate

from mooc.schemas import InputSchema, OutputSchema, UtcDateTime


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
    replies = fields.List(fields.Nested(ReplySchema), required=True)


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
