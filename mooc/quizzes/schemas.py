"""Quiz schemas for the API: questions without keys, submissions, graded attempts."""

from __future__ import annotations

from marshmallow import fields, validate

from mooc.schemas import MESSAGES, InputSchema, OutputSchema, UtcDateTime


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


class QuizSchema(OutputSchema):
    """A quiz, its questions and the learner's attempts so far."""

    id = fields.String(required=True)
    title = fields.String(required=True)
    intro_html = fields.String(required=True)
    pass_mark = fields.Float(required=True)
    max_attempts = fields.Integer(allow_none=True)
    attempts_used = fields.Integer(required=True)
    best_score = fields.Float(allow_none=True)
    passed = fields.Boolean(required=True)
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
    chosen = fields.List(fields.Integer(), required=True)
    feedback_html = fields.List(fields.String(), required=True)
    answer = fields.String(allow_none=True)
    explanation_html = fields.String(required=True)


class AttemptSchema(OutputSchema):
    """A graded attempt."""

    number = fields.Integer(required=True)
    score = fields.Float(required=True)
    passed = fields.Boolean(required=True)
    created_at = UtcDateTime(required=True)
    questions = fields.List(fields.Nested(ReviewedQuestionSchema))


class AttemptSummarySchema(OutputSchema):
    """An attempt in the history."""

    number = fields.Integer(required=True)
    score = fields.Float(required=True)
    passed = fields.Boolean(required=True)
    created_at = UtcDateTime(required=True)
