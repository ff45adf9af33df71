"""Quizzes in the JSON API: questions without keys, submissions, attempts."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user, login_required

from mooc.api import ApiError, load, route
from mooc.courses import outlines, progress
from mooc.i18n import locale_code
from mooc.quizzes import attempts as rules
from mooc.quizzes import grants, queries, schemas, services


def opened(slug: str, item: str, visit: bool = False) -> dict:
    """A quiz the learner may open, or the refusal (404, or 403 with the reason)."""
    page = outlines.lesson_page(slug, item, "quiz", locale_code())
    if page is None:
        raise ApiError(404)
    if visit:  # remembered by the course, so that the learner resumes here
        state, item_state = services.open_quiz(current_user.id, page, item)
    else:
        state, item_state = progress.open_item(current_user.id, page, item)
    allowed = rules.allowed_attempts(current_user.id, page["lesson"])
    return {
        **page,
        "state": state,
        "item_state": item_state,
        "allowed": allowed,
        "left": rules.attempts_left(allowed, item_state.attempts),
    }


def reviewed(attempt, page: dict) -> dict:
    """A graded attempt with its review (the key as the quiz's `review` allows)."""
    lesson = page["lesson"]
    history = queries.attempts_of(current_user.id, lesson)
    key = rules.key_shown(lesson, history, rules.allowed_attempts(current_user.id, lesson))
    review = queries.review(attempt, lesson, locale_code(), page["course"].language, key)
    return {"attempt": attempt, "questions": review}


@route(
    "/courses/<slug>/quizzes/<item>",
    "GET",
    summary="A quiz's questions (never the key)",
    tag="quizzes",
    response=schemas.QuizSchema,
)
@login_required
def quiz(slug: str, item: str):
    page = opened(slug, item, visit=True)
    lesson = page["lesson"]
    number = page["item_state"].attempts + 1
    course = page["course"]
    loaded = queries.loaded_questions(lesson, locale_code(), course.language, course.version)
    layout = rules.layout_for(current_user.id, lesson, [q["question"] for q in loaded], number)
    questions = queries.laid_out(loaded, layout)
    return jsonify(schemas.QuizSchema().dump({**page, "questions": questions}))


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
    page = opened(slug, item)
    data = load(schemas.SubmissionSchema())
    attempt = services.submit(current_user.id, page["lesson"], data["answers"])
    return jsonify(schemas.AttemptSchema().dump(reviewed(attempt, page))), 201


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
    page = opened(slug, item)
    found = queries.attempts_of(current_user.id, page["lesson"])
    return jsonify(schemas.AttemptSummarySchema(many=True).dump(found))


@route(
    "/courses/<slug>/quizzes/<item>/attempts/<int:number>",
    "GET",
    summary="One of your graded attempts",
    tag="quizzes",
    response=schemas.AttemptSchema,
)
@login_required
def attempt(slug: str, item: str, number: int):
    page = opened(slug, item)
    found = queries.attempt_of(current_user.id, page["lesson"], number)
    if found is None:
        raise ApiError(404)
    return jsonify(schemas.AttemptSchema().dump(reviewed(found, page)))


@route(
    "/attempt-grants",
    "GET",
    summary="Learners of your cohorts with no attempt left at a quiz they have not passed",
    tag="quizzes",
    response=schemas.LockedOutSchema,
    many=True,
)
@login_required
def locked_out():
    if not current_user.has_role("trainer"):
        raise ApiError(403)
    return jsonify(schemas.LockedOutSchema(many=True).dump(grants.locked_out(current_user)))


@route(
    "/attempt-grants",
    "POST",
    summary="Grant a learner of your cohorts extra attempts at a quiz, with a reason",
    tag="quizzes",
    body=schemas.GrantInputSchema,
    response=schemas.GrantSchema,
    status=201,
)
@login_required
def grant():
    if not current_user.has_role("trainer"):
        raise ApiError(403)
    data = load(schemas.GrantInputSchema())
    lesson = queries.quiz_named(data["course"], data["quiz"])
    if lesson is None:
        raise ApiError(404)
    found = services.grant_attempts(
        current_user, data["user_id"], lesson, data["extra"], data["reason"]
    )
    return jsonify(schemas.GrantSchema().dump(found)), 201
