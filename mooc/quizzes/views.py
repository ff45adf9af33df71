"""Quiz pages: the questions (never the key), a submission graded on the server, its result."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from mooc.courses import outlines, progress
from mooc.i18n import locale_code
from mooc.quizzes import queries, services
from mooc.quizzes.errors import QuizError

bp = Blueprint("quizzes", __name__, template_folder="templates")


def opened(slug: str, item: str, visit: bool = True) -> dict:
    """The page data of a quiz the learner may open; a refusal raises `LearningError`."""
    page = outlines.lesson_page(slug, item, "quiz", locale_code()) or abort(404)
    if visit:  # remembered by the course, so that the learner resumes here
        state, item_state = services.open_quiz(current_user.id, page, item)
    else:
        state, item_state = progress.open_item(current_user.id, page, item)
    return {**page, "state": state, "item_state": item_state}


@bp.get("/courses/<slug>/quizzes/<item>")
@login_required
def quiz(slug: str, item: str):
    """A quiz's questions and options, without the answer key, and the attempts so far."""
    page = opened(slug, item)
    lesson = page["lesson"]
    course = page["course"]
    questions = queries.quiz_questions(lesson, locale_code(), course.language, course.version)
    attempts = queries.attempts_of(current_user.id, lesson)
    return render_template("quizzes/quiz.html", questions=questions, attempts=attempts, **page)


@bp.post("/courses/<slug>/quizzes/<item>/attempts")
@login_required
def submit(slug: str, item: str):
    """Grade a submission on the server and show its result."""
    page = opened(slug, item, visit=False)
    lesson = page["lesson"]
    raw = {}
    for question in queries.questions_of(lesson):
        key = f"q-{question.qid}"
        raw[question.qid] = (
            request.form.getlist(key) if question.kind == "multiple" else request.form.get(key)
        )
    try:
        attempt = services.submit(current_user.id, lesson, raw)
    except QuizError as error:
        flash(error.message)
        return redirect(url_for("quizzes.quiz", slug=slug, item=item))
    return redirect(url_for("quizzes.attempt", slug=slug, item=item, number=attempt.number))


@bp.get("/courses/<slug>/quizzes/<item>/attempts/<int:number>")
@login_required
def attempt(slug: str, item: str, number: int):
    """The learner's own graded attempt: score, correctness, feedback, explanations."""
    page = opened(slug, item)
    lesson = page["lesson"]
    found = queries.attempt_of(current_user.id, lesson, number) or abort(404)
    review = queries.review(found, lesson, locale_code(), page["course"].language)
    attempts = queries.attempts_of(current_user.id, lesson)
    return render_template(
        "quizzes/result.html", attempt=found, review=review, attempts=attempts, **page
    )
