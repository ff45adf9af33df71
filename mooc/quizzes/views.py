"""Quiz pages: the questions (never the key), a submission graded on the server, its result,
and the page where trainers and admins grant extra attempts."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mooc import caching
from mooc.caching import hole_provider
from mooc.courses import outlines, progress
from mooc.i18n import locale_code
from mooc.quizzes import attempts as rules
from mooc.quizzes import grants, queries, services
from mooc.quizzes.errors import QuizError

bp = Blueprint("quizzes", __name__, template_folder="templates")


def opened(slug: str, item: str, visit: bool = True) -> dict:
    """The page data of a quiz the learner may open; a refusal raises `LearningError`."""
    page = outlines.lesson_page(slug, item, "quiz", locale_code(), learner=current_user.id)
    page = page or abort(404)
    if visit:  # remembered by the course, so that the learner resumes here
        state, item_state = services.open_quiz(current_user.id, page, item)
    else:
        state, item_state = progress.open_item(current_user.id, page, item)
    lesson = page["lesson"]
    history, allowed = queries.attempts_and_allowed(current_user.id, lesson)
    return {
        **page,
        "state": state,
        "item_state": item_state,
        "attempts": history,
        "allowed": allowed,
        "left": rules.attempts_left(allowed, len(history)),
        "passed": any(a.passed for a in history),
        "next_open": next_open(state, page["next"]),
    }


def next_open(state, following):
    """The next item if the learner may open it (a failed quiz does not offer a locked one)."""
    if following is None:
        return None
    found = state.state_of(following.slug)
    return following if found and found[0].locked_by is None else None


def quiz_page(page: dict, given: dict | None = None, missing=(), status: int = 200):
    """The quiz's next attempt: its drawn questions with options in its order."""
    lesson = page["lesson"]
    number = len(page["attempts"]) + 1
    course = page["course"]
    loaded = queries.loaded_questions(lesson, locale_code(), course.language, course.version)
    layout = rules.layout_for(current_user.id, lesson, [q["question"] for q in loaded], number)
    questions = queries.laid_out(loaded, layout)
    trainers = [] if page["left"] != 0 else grants.trainers_of(current_user.id, lesson.course_id)
    context = {
        **page,
        "questions": questions,
        "number": number,
        "given": given or {},
        "missing": set(missing),
        "trainers": trainers,
    }
    key = None  # a submission refused for its blanks shows her answers: rendered for her
    if not given and not missing:
        key = (
            "quiz",
            course.id,
            course.version,
            progress.state_key(page["state"]),
            number,
            tuple((q["id"], tuple(p for p, _option in q["choices"])) for q in questions),
            page["allowed"],
            page["left"],
            page["passed"],
            tuple((trainer.id, trainer.display_name) for trainer in trainers),
        )
    return caching.personal_page("quizzes/quiz.html", key, **context), status


@hole_provider("quiz_attempts")
def attempts_list(context, _argument: str) -> str:
    """Her attempts at the quiz, with their dates and scores (a hole of the quiz page)."""
    return render_template(
        "quizzes/_attempts.html",
        attempts=context["attempts"],
        course=context["course"],
        lesson=context["lesson"],
    )


@bp.get("/courses/<slug>/quizzes/<item>")
@login_required
def quiz(slug: str, item: str):
    """A quiz's questions and options, without the answer key, and the attempts so far."""
    return quiz_page(opened(slug, item))


@bp.post("/courses/<slug>/quizzes/<item>/attempts")
@login_required
def submit(slug: str, item: str):
    """Grade a submission on the server and show its result; unanswered questions are named
    and the learner confirms before an attempt is used."""
    page = opened(slug, item, visit=False)
    lesson = page["lesson"]
    raw = {}
    for question in queries.questions_of(lesson):
        key = f"q-{question.qid}"
        raw[question.qid] = (
            request.form.getlist(key) if question.kind == "multiple" else request.form.get(key)
        )
    number = request.form.get("attempt", type=int)
    try:
        attempt = services.submit(
            current_user.id, lesson, raw, number=number, confirmed=bool(request.form.get("confirm"))
        )
    except QuizError as error:
        if error.code == "unanswered":
            return quiz_page(page, raw, error.detail["missing"], 422)
        flash(error.message)
        return redirect(url_for("quizzes.quiz", slug=slug, item=item))
    return redirect(url_for("quizzes.attempt", slug=slug, item=item, number=attempt.number))


@bp.get("/courses/<slug>/quizzes/<item>/attempts/<int:number>")
@login_required
def attempt(slug: str, item: str, number: int):
    """The learner's own graded attempt: score, attempts left, correctness, feedback,
    explanations, and the correct answers as the quiz's `review` allows."""
    page = opened(slug, item)
    lesson = page["lesson"]
    found = queries.attempt_of(current_user.id, lesson, number) or abort(404)
    key = rules.key_shown(lesson, page["attempts"], page["allowed"])
    review = queries.review(found, lesson, locale_code(), page["course"].language, key)
    return render_template("quizzes/result.html", attempt=found, review=review, **page)


@bp.get("/quizzes/attempts")
@login_required
def locked_out():
    """For trainers and admins: the learners with no attempt left at a quiz, to grant more."""
    current_user.has_role("trainer") or abort(404)
    learners = grants.locked_out(current_user)
    return render_template(
        "quizzes/grants.html",
        learners=learners,
        titles=grants.titles(learners, locale_code()),
        recent=grants.recent_grants(current_user),
    )


@bp.post("/quizzes/attempts/grants")
@login_required
def grant():
    """Grant a learner extra attempts at a quiz (with a reason)."""
    current_user.has_role("trainer") or abort(404)
    lesson = queries.quiz_by_id(request.form.get("lesson_id", type=int)) or abort(404)
    user_id = request.form.get("user_id", type=int) or abort(404)
    try:
        services.grant_attempts(
            current_user,
            user_id,
            lesson,
            request.form.get("extra", type=int) or 0,
            request.form.get("reason", ""),
        )
    except QuizError as error:
        if error.code == "grant_refused":
            abort(404)
        flash(error.message)
        return redirect(url_for("quizzes.locked_out"))
    flash(_("The attempts are granted: the learner can take the quiz again."))
    return redirect(url_for("quizzes.locked_out"))
