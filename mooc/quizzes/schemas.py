"""Quiz schemas for the API: questions without keys, submissions, graded attempts."""

from __future__ import annotations

from marshmallow import fields, validate

from mooc.schemas import MESSAGES, InputSchema, OutputSchema, UtcDateTime

# OpenAPI types of the `fields.Method` lists below.
_INTEGERS = {"type": "array", "items": {"type": "integer"}}
_STRINGS = {"type": "array", "items": {"type": "string"}}


class QuestionSchema(OutputSchema):
    """A question as shown before submission: never its key or feedback."""

    id = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": ["single", "multiple", "short"]})
    title_html = fields.String(required=True)
    body_html = fields.String(required=True)
    options = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "option labels; answer with their positions"},
    )
    order = fields.Method(
        "shown_order",
        required=True,
        metadata={**_INTEGERS, "description": "positions in the order this attempt shows them"},
    )

    def shown_order(self, question: dict) -> list[int]:
        return [position for position, _option in question.get("choices", [])]


class QuizSchema(OutputSchema):
    """A quiz, its questions and the learner's attempts so far (dumps a quiz page)."""

    id = fields.String(required=True, attribute="lesson.slug")
    title = fields.String(required=True, attribute="text.title")
    intro_html = fields.String(required=True, attribute="text.body_html")
    pass_mark = fields.Float(required=True, attribute="lesson.pass_mark")
    max_attempts = fields.Integer(allow_none=True, attribute="lesson.max_attempts")
    attempts_used = fields.Integer(required=True, attribute="item_state.attempts")
    attempts_allowed = fields.Integer(
        allow_none=True,
        attribute="allowed",
        metadata={"description": "max_attempts plus the extra attempts granted; null: no limit"},
    )
    attempts_left = fields.Integer(allow_none=True, attribute="left")
    best_score = fields.Float(allow_none=True, attribute="item_state.best_score")
    passed = fields.Boolean(required=True, attribute="item_state.done")
    questions = fields.List(fields.Nested(QuestionSchema), required=True)


class AnswerValue(fields.Field):
    """A list of option positions, or a text for a short-answer question."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            return value[:500]
        if isinstance(value, int) and not isinstance(value, bool):
            return [value]
        if isinstance(value, list) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            return value
        raise self.make_error("invalid")


class SubmissionSchema(InputSchema):
    """Answers by question id: `[positions]` for choices, a text for short answers."""

    answers = fields.Dict(
        keys=fields.String(validate=validate.Length(max=100)),
        values=AnswerValue(error_messages=MESSAGES),
        required=True,
        error_messages=MESSAGES,
        metadata={"example": {"adopted-by": [1], "forum-city": "Gwangju"}},
    )


class ReviewedQuestionSchema(OutputSchema):
    """One graded question: correctness, chosen options' feedback, explanation."""

    id = fields.String(required=True)
    correct = fields.Boolean(required=True)
    chosen = fields.Method("chosen_positions", required=True, metadata=_INTEGERS)
    feedback_html = fields.Method("chosen_feedback", required=True, metadata=_STRINGS)
    answer = fields.String(allow_none=True)
    explanation_html = fields.String(required=True)

    def chosen_positions(self, question: dict) -> list[int]:
        return [choice["position"] for choice in question["chosen"]]

    def chosen_feedback(self, question: dict) -> list[str]:
        return [choice["feedback_html"] for choice in question["chosen"]]


class AttemptSummarySchema(OutputSchema):
    """An attempt in the history (dumps a `QuizAttempt`)."""

    number = fields.Integer(required=True)
    score = fields.Float(required=True)
    passed = fields.Boolean(required=True)
    created_at = UtcDateTime(required=True)


class AttemptSchema(OutputSchema):
    """A graded attempt and its review: `{"attempt": QuizAttempt, "questions": review}`."""

    number = fields.Integer(required=True, attribute="attempt.number")
    score = fields.Float(required=True, attribute="attempt.score")
    passed = fields.Boolean(required=True, attribute="attempt.passed")
    created_at = UtcDateTime(required=True, attribute="attempt.created_at")
    questions = fields.List(fields.Nested(ReviewedQuestionSchema))


class GrantInputSchema(InputSchema):
    """Extra attempts for one learner at one quiz, and why."""

    course = fields.String(
        required=True, validate=validate.Length(max=100), error_messages=MESSAGES
    )
    quiz = fields.String(required=True, validate=validate.Length(max=100), error_messages=MESSAGES)
    user_id = fields.Integer(required=True, error_messages=MESSAGES)
    extra = fields.Integer(
        load_default=1, validate=validate.Range(min=1, max=10), error_messages=MESSAGES
    )
    reason = fields.String(
        required=True, validate=validate.Length(min=1, max=1000), error_messages=MESSAGES
    )


class GrantSchema(OutputSchema):
    """A grant as recorded (dumps an `AttemptGrant`)."""

    id = fields.Integer(required=True)
    user_id = fields.Integer(required=True)
    quiz = fields.String(required=True, attribute="lesson.slug")
    course = fields.String(required=True, attribute="lesson.course.slug")
    extra = fields.Integer(required=True)
    reason = fields.String(required=True)
    granted_by_id = fields.Integer(allow_none=True)
    created_at = UtcDateTime(required=True)


class LockedOutSchema(OutputSchema):
    """A learner with no attempt left at a quiz not passed (dumps `grants.LockedOut`)."""

    user_id = fields.Integer(required=True, attribute="user.id")
    display_name = fields.String(required=True, attribute="user.display_name")
    email = fields.String(required=True, attribute="user.email")
    course = fields.String(required=True, attribute="course.slug")
    quiz = fields.String(required=True, attribute="lesson.slug")
    used = fields.Integer(required=True)
    allowed = fields.Integer(required=True)
