"""Quizzes in the JSON API: questions without keys, submissions, attempts."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user, login_required

from mooc.api import ApiError, load, route
from mooc.courses import learning, services
from mooc.courses.api import opened
from mooc.courses.views import QUIZ_ERRORS
from mooc.i18n import locale_code
from mooc.quizzes import schemas
from mooc.quizzes import services as quizzes
from mooc.quizzes.services import QuizError


def attempt_body(attempt, review: list[dict] | None) -> dict:
    body = {
        "number": attempt.number,
        "score": attempt.score,
        "passed": attempt.passed,
        "created_at": attempt.created_at,
    }
    if review is not None:
        body["questions"] = [
            {
                "id": q["id"],
                "correct": q["correct"],
                "chosen": [c["position"] for c in q["chosen"]],
                "feedback_html": [c["feedback_html"] for c in q["chosen"]],
                "answer": q["answer"],
                "explanation_html": q["explanation_html"],
            }
            for q in review
        ]
    return body


@route(
    "/courses/<slug>/quizzes/<item>",
    "GET",
    summary="A quiz's questions (never the key)",
    tag="quizzes",
    response=schemas.QuizSchema,
)
@login_required
def quiz(slug: str, item: str):
    page, state, item_state = opened(slug, item, "quiz")
    learning.visit(state, item_state.item)
    lesson = page["lesson"]
    questions = services.quiz_questions(lesson, locale_code(), page["course"].language)
    return jsonify(
        schemas.QuizSchema().dump(
            {
                "id": lesson.slug,
                "title": page["text"].title,
                "intro_html": page["text"].body_html,
                "pass_mark": lesson.pass_mark,
                "max_attempts": lesson.max_attempts,
                "attempts_used": item_state.attempts,
                "best_score": item_state.best_score,
                "passed": item_state.done,
                "questions": [
                    {k: q[k] for k in ("id", "kind", "title_html", "body_html", "options")}
                    for q in questions
                ],
            }
        )
    )


@route(
    "/courses/<slug>/quizzes/<item>/attempts",
    "POST",
    summary="Submit answers; graded on the server",
    tag="quizzes",
    body=schemas.SubmissionSchema,
    response=schemas.AttemptSchema,
    status=201,
)
@login_required
def submit(slug: str, item: str):
    page, _state, _item = opened(slug, item, "quiz")
    data = load(schemas.SubmissionSchema())
    try:
        attempt = quizzes.submit(current_user.id, page["lesson"], data["answers"])
    except QuizError as error:
        status = 409 if error.code == "no_attempts_left" else 422
        raise ApiError(status, error.code, QUIZ_ERRORS[error.code]) from None
    learning.complete_if_done(current_user.id, page)
    review = quizzes.review(attempt, page["lesson"], locale_code(), page["course"].language)
    return jsonify(schemas.AttemptSchema().dump(attempt_body(attempt, review))), 201


@route(
    "/courses/<slug>/quizzes/<item>/attempts",
    "GET",
    summary="Your attempts at a quiz",
    tag="quizzes",
    response=schemas.AttemptSummarySchema,
    many=True,
)
@login_required
def attempts(slug: str, item: str):
    page, _state, _item = opened(slug, item, "quiz")
    found = quizzes.attempts_of(current_user.id, page["lesson"])
    return jsonify(
        schemas.AttemptSummarySchema(many=True).dump([attempt_body(a, None) for a in found])
    )


@route(
    "/courses/<slug>/quizzes/<item>/attempts/<int:number>",
    "GET",
    summary="One of your graded attempts",
    tag="quizzes",
    response=schemas.AttemptSchema,
)
@login_required
def attempt(slug: str, item: str, number: int):
    page, _state, _item = opened(slug, item, "quiz")
    found = quizzes.attempt_of(current_user.id, page["lesson"], number)
    if found is None:
        raise ApiError(404)
    review = quizzes.review(found, page["lesson"], locale_code(), page["course"].language)
    return jsonify(schemas.AttemptSchema().dump(attempt_body(found, review)))
