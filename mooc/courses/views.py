"""Pages: catalogue, course, lesson, learning paths, and course media."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from mooc import caching
from mooc.courses import fragments, offline, outlines, progress, services
from mooc.courses import media as media_files
from mooc.courses.errors import LearningError
from mooc.errors import page_response, refuse
from mooc.i18n import locale_code

bp = Blueprint("courses", __name__, template_folder="templates")


def user_id() -> int | None:
    """The signed-in learner's id, or None."""
    return current_user.id if current_user.is_authenticated else None


@bp.app_template_global("requirement_lines")
def requirement_lines(course, certificate):
    """The certificate's requirements left, for the course page (see `fragments`)."""
    return fragments.requirement_lines(course, certificate, locale_code())


@bp.app_template_global("course_lines")
def course_lines(course, state) -> dict:
    """The course page's outline lines and counts per module (`fragments.outline`)."""
    return fragments.outline(course, state, locale_code())


@bp.get("/")
def catalogue():
    """Every published course and path (kept per content generation and language)."""
    locale = locale_code()
    page = outlines.catalogue_page(locale)
    return caching.shared_page(
        "courses/catalogue.html",
        ("catalogue", page["generation"], locale),
        courses=page["courses"],
        paths=page["paths"],
    )


@bp.get("/learning")
@login_required
def my_learning():
    """The returning learner's home: her courses and paths, progress, and where to resume."""
    courses = progress.learning_home(current_user.id, locale_code())
    return render_template(
        "courses/my_learning.html",
        courses=courses,
        paths=progress.learning_paths(current_user.id, locale_code()),
        current=next((c for c in courses if c["state"].resume and not c["state"].complete), None),
    )


@bp.get("/courses/<slug>/")
def course(slug: str):
    """A course's modules, lessons and quizzes, with the learner's status on each."""
    locale = locale_code()
    learner = user_id()
    outline = outlines.course_outline(slug, locale, learner=learner) or abort(404)
    state = progress.course_state(learner, outline)
    course = outline["course"]
    context = {**outline, "state": state}
    if learner is not None:  # kept per state, her name, token and certificate filled in
        key = ("course", course.id, course.version, progress.state_key(state))
        return caching.personal_page("courses/course.html", key, **context)
    return caching.shared_page(
        "courses/course.html", ("course", course.id, course.version, locale), **context
    )


@bp.post("/courses/<slug>/enrol")
@login_required
def enrol(slug: str):
    """Enrol, then go to the first lesson."""
    outline = outlines.course_outline(slug, locale_code()) or abort(404)
    services.enrol(current_user.id, outline["course"].id)
    return redirect(url_for("courses.resume", slug=slug))


@bp.get("/courses/<slug>/resume")
@login_required
def resume(slug: str):
    """Back where the learner left off."""
    outline = outlines.course_outline(slug, locale_code()) or abort(404)
    state = progress.course_state(current_user.id, outline)
    if state.resume is None:
        return redirect(url_for("courses.course", slug=slug))
    return redirect(state.resume.url)


def opened(slug: str, item: str, kind: str, visit: bool = True) -> dict:
    """The page data of an item the learner may open; a refusal raises `LearningError`."""
    page = outlines.lesson_page(slug, item, kind, locale_code(), learner=current_user.id)
    page = page or abort(404)
    if visit:
        state, item_state = services.open_item(current_user.id, page, item)
    else:
        state, item_state = progress.open_item(current_user.id, page, item)
    return {**page, "state": state, "item_state": item_state}


@page_response(LearningError)
def refused(error: LearningError):
    """A learner's refusal as a page: enrol first, or the page that says what opens a module."""
    slug = (request.view_args or {}).get("slug", "")
    if error.code == "not_enrolled":
        flash(error.message)
        return redirect(url_for("courses.course", slug=slug))
    if error.code == "locked":
        page = outlines.course_outline(slug, locale_code()) or abort(404)
        target = next((m for m in page["modules"] if m.slug == error.detail["module_slug"]), None)
        state = progress.course_state(user_id(), page)
        return render_template(
            "courses/locked.html", message=error.message, blocking=target, state=state, **page
        ), 403
    if error.code == "path_locked":
        flash(error.message)
        return redirect(url_for("courses.path", slug=slug)), 303
    return refuse(error)


@bp.get("/courses/<slug>/lessons/<item>")
@login_required
def lesson(slug: str, item: str):
    """A lesson in the reader's language (or the course's, with a notice), kept per learner
    state with holes for her name, token and answer forms."""
    page = opened(slug, item, "lesson")
    course = page["course"]
    key = ("lesson", course.id, course.version, progress.state_key(page["state"]))
    return caching.personal_page("courses/lesson.html", key, **page)


@bp.post("/courses/<slug>/lessons/<item>/done")
@login_required
def mark_done(slug: str, item: str):
    """Mark a lesson as done and go on to the next item."""
    course = services.complete_lesson(current_user.id, slug, item, locale_code())
    following = outlines.following(
        outlines.outline_of(course, locale_code(), titles_only=True), item
    )
    return redirect(following.url if following else url_for("courses.course", slug=slug))


@bp.get("/courses/<slug>/offline.pdf")
@login_required
def offline_copy(slug: str):
    """The whole course in the reader's language as one PDF, for reading offline."""
    outline = outlines.course_outline(slug, locale_code()) or abort(404)
    if progress.enrolment(current_user.id, outline["course"].id) is None:
        raise LearningError("not_enrolled")
    path, job = offline.request_copy(outline, locale_code())
    if path is None:
        # Rendering takes a while for a long course: a worker does it, this page waits for it
        # (it refreshes itself, no JavaScript) and then sends the file.
        page = render_template("courses/offline_wait.html", job=job, **outline)
        return page, 202, {"Cache-Control": "no-store"}
    with open(path, "rb") as handle:  # read whole: a copy is a few hundred KB
        content = io.BytesIO(handle.read())
    return send_file(
        content,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"{slug}-{locale_code()}.pdf",
        max_age=0,
    )


@bp.get("/courses/<slug>/media/<path:name>")
def media(slug: str, name: str):
    """A file of the course's media/ folder that the last sync recorded: a regular file reached
    without following any link (a link placed since, or a hidden name, is a 404)."""
    folder = outlines.media_file(slug, name) or abort(404)
    return media_files.send_media(folder, name, max_age=3600)


@bp.get("/paths/<slug>")
def path(slug: str):
    """A learning path, its courses in order, and the learner's progress."""
    page = progress.path_state(user_id(), slug, locale_code()) or abort(404)
    return render_template("courses/path.html", **page)


@bp.post("/paths/<slug>/enrol")
@login_required
def enrol_path(slug: str):
    """Enrol in a path and in its first open course."""
    services.enrol_path(current_user.id, slug, locale_code())
    return redirect(url_for("courses.path", slug=slug))


@bp.post("/paths/<slug>/courses/<course_slug>/enrol")
@login_required
def enrol_path_course(slug: str, course_slug: str):
    """Enrol in a course of a path, unless the path's order keeps it locked."""
    services.enrol_from_path(current_user.id, slug, course_slug, locale_code())
    return redirect(url_for("courses.resume", slug=course_slug))
