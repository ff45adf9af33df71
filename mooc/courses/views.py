"""Pages: catalogue, course, lesson, quiz, learning paths, and course media."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, send_from_directory
from flask_babel import get_locale

from mooc.courses import services

bp = Blueprint("courses", __name__, template_folder="templates")


def locale() -> str:
    """The reader's locale as a code."""
    return str(get_locale())


@bp.get("/")
def catalogue():
    """Every published course."""
    return render_template(
        "courses/catalogue.html",
        courses=services.catalogue(locale()),
        paths=services.paths_list(locale()),
    )


@bp.get("/courses/<slug>/")
def course(slug: str):
    """A course's modules, lessons and quizzes."""
    outline = services.course_outline(slug, locale()) or abort(404)
    return render_template("courses/course.html", **outline)


@bp.get("/courses/<slug>/lessons/<item>")
def lesson(slug: str, item: str):
    """A lesson in the reader's language (or the course's, with a notice)."""
    page = services.lesson_page(slug, item, "lesson", locale()) or abort(404)
    return render_template("courses/lesson.html", **page)


@bp.get("/courses/<slug>/quizzes/<item>")
def quiz(slug: str, item: str):
    """A quiz's questions and options, without the answer key."""
    page = services.lesson_page(slug, item, "quiz", locale()) or abort(404)
    questions = services.quiz_questions(page["lesson"], locale(), page["course"].language)
    return render_template("courses/quiz.html", questions=questions, **page)


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
    """A learning path and its courses in order."""
    page = services.path_page(slug, locale()) or abort(404)
    return render_template("courses/path.html", **page)
