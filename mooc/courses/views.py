"""Pages: catalogue, course, lesson, quiz and results, learning paths, and course media."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mooc.certificates.eligibility import course_eligibility
from mooc.certificates.services import valid_certificate
from mooc.courses import learning, learning_paths, services
from mooc.courses.learning import LearningError
from mooc.i18n import locale_code
from mooc.quizzes import services as quizzes
from mooc.quizzes.services import QuizError

bp = Blueprint("courses", __name__, template_folder="templates")

QUIZ_ERRORS = {
    "no_attempts_left": _l("You have used every attempt allowed for this quiz."),
    "invalid_answer": _l("One of your answers is not one of the options. Please try again."),
}


def user_id() -> int | None:
    """The signed-in learner's id, or None."""
    return current_user.id if current_user.is_authenticated else None


@bp.get("/")
def catalogue():
    """Every published course and path."""
    return render_template(
        "courses/catalogue.html",
        courses=services.catalogue(locale_code()),
        paths=services.paths_list(locale_code()),
    )


@bp.get("/courses/<slug>/")
def course(slug: str):
    """A course's modules, lessons and quizzes, with the learner's status on each."""
    outline = services.course_outline(slug, locale_code()) or abort(404)
    state = learning.course_state(user_id(), outline)
    certificate = course_eligibility(outline["course"], state)
    issued = (
        valid_certificate(current_user.id, outline["course"].id)
        if state.enrolment is not None and certificate.offered
        else None
    )
    return render_template(
        "courses/course.html", state=state, certificate=certificate, issued=issued, **outline
    )


@bp.post("/courses/<slug>/enrol")
@login_required
def enrol(slug: str):
    """Enrol, then go to the first lesson."""
    outline = services.course_outline(slug, locale_code()) or abort(404)
    learning.enrol(current_user.id, outline["course"].id)
    return redirect(url_for("courses.resume", slug=slug))


@bp.get("/courses/<slug>/resume")
@login_required
def resume(slug: str):
    """Back where the learner left off."""
    outline = services.course_outline(slug, locale_code()) or abort(404)
    state = learning.course_state(current_user.id, outline)
    if state.resume is None:
        return redirect(url_for("courses.course", slug=slug))
    return redirect(state.resume.url)


def opened(slug: str, item: str, kind: str, visit: bool = True):
    """The page data of an item the learner may open, or the response that refuses it."""
    page = services.lesson_page(slug, item, kind, locale_code()) or abort(404)
    try:
        state, item_state = learning.open_item(current_user.id, page, item)
    except LearningError as error:
        if error.code == "not_enrolled":
            flash(gettext("Enrol in the course to open its lessons and quizzes."))
            return None, redirect(url_for("courses.course", slug=slug))
        if error.code == "locked":
            message = gettext("This module opens when you complete “%(module)s”.") % {
                "module": error.detail
            }
            return None, (render_template("courses/locked.html", message=message, **page), 403)
        abort(404)
    if visit:
        learning.visit(state, item_state.item)
    return {**page, "state": state, "item_state": item_state}, None


@bp.get("/courses/<slug>/lessons/<item>")
@login_required
def lesson(slug: str, item: str):
    """A lesson in the reader's language (or the course's, with a notice)."""
    page, refused = opened(slug, item, "lesson")
    return refused or render_template("courses/lesson.html", **page)


@bp.post("/courses/<slug>/lessons/<item>/done")
@login_required
def mark_done(slug: str, item: str):
    """Mark a lesson as done and go on to the next item."""
    try:
        course = learning.complete_lesson(current_user.id, slug, item)
    except LearningError as error:
        if error.code == "not_enrolled":
            flash(gettext("Enrol in the course to open its lessons and quizzes."))
            return redirect(url_for("courses.course", slug=slug))
        if error.code == "locked":
            abort(403)
        abort(404)
    following = services.following(
        services.outline_of(course, locale_code(), titles_only=True), item
    )
    return redirect(following.url if following else url_for("courses.course", slug=slug))


@bp.get("/courses/<slug>/quizzes/<item>")
@login_required
def quiz(slug: str, item: str):
    """A quiz's questions and options, without the answer key, and the attempts so far."""
    page, refused = opened(slug, item, "quiz")
    if refused:
        return refused
    questions = services.quiz_questions(page["lesson"], locale_code(), page["course"].language)
    attempts = quizzes.attempts_of(current_user.id, page["lesson"])
    return render_template("courses/quiz.html", questions=questions, attempts=attempts, **page)


@bp.post("/courses/<slug>/quizzes/<item>/attempts")
@login_required
def submit(slug: str, item: str):
    """Grade a submission on the server and show its result."""
    page, refused = opened(slug, item, "quiz", visit=False)
    if refused:
        return refused
    lesson = page["lesson"]
    raw = {}
    for question in quizzes.questions_of(lesson):
        key = f"q-{question.qid}"
        raw[question.qid] = (
            request.form.getlist(key) if question.kind == "multiple" else request.form.get(key)
        )
    try:
        attempt = quizzes.submit(current_user.id, lesson, raw)
    except QuizError as error:
        flash(str(QUIZ_ERRORS[error.code]))
        return redirect(url_for("courses.quiz", slug=slug, item=item))
    learning.complete_if_done(current_user.id, page)
    return redirect(url_for("courses.attempt", slug=slug, item=item, number=attempt.number))


@bp.get("/courses/<slug>/quizzes/<item>/attempts/<int:number>")
@login_required
def attempt(slug: str, item: str, number: int):
    """The learner's own graded attempt: score, correctness, feedback, explanations."""
    page, refused = opened(slug, item, "quiz")
    if refused:
        return refused
    found = quizzes.attempt_of(current_user.id, page["lesson"], number) or abort(404)
    review = quizzes.review(found, page["lesson"], locale_code(), page["course"].language)
    attempts = quizzes.attempts_of(current_user.id, page["lesson"])
    return render_template(
        "courses/result.html", attempt=found, review=review, attempts=attempts, **page
    )


@bp.get("/courses/<slug>/media/<path:name>")
def media(slug: str, name: str):
    """A file of the course's media/ folder, and nothing outside it."""
    folder = services.media_folder(slug) or abort(404)
    response = send_from_directory(folder, name, max_age=3600)
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/paths/<slug>")
def path(slug: str):
    """A learning path, its courses in order, and the learner's progress."""
    page = learning_paths.path_state(user_id(), slug, locale_code()) or abort(404)
    return render_template("courses/path.html", **page)


@bp.post("/paths/<slug>/enrol")
@login_required
def enrol_path(slug: str):
    """Enrol in a path and in its first open course."""
    try:
        learning_paths.enrol_path(current_user.id, slug, locale_code())
    except LearningError:
        abort(404)
    return redirect(url_for("courses.path", slug=slug))


@bp.post("/paths/<slug>/courses/<course_slug>/enrol")
@login_required
def enrol_path_course(slug: str, course_slug: str):
    """Enrol in a course of a path, unless the path's order keeps it locked."""
    try:
        learning_paths.enrol_from_path(current_user.id, slug, course_slug, locale_code())
    except LearningError as error:
        if error.code == "locked":
            flash(
                gettext("This course opens when you complete “%(course)s”.")
                % {"course": error.detail}
            )
            return redirect(url_for("courses.path", slug=slug)), 303
        abort(404)
    return redirect(url_for("courses.resume", slug=course_slug))
