"""Courses, lessons and paths in the JSON API; the same services as the pages."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user, login_required

from mooc.api import ApiError, route
from mooc.courses import outlines, progress, schemas, services
from mooc.i18n import locale_code


def user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def outline_or_404(slug: str) -> dict:
    outline = outlines.course_outline(slug, locale_code())
    if outline is None:
        raise ApiError(404)
    return outline


def course_with_state(outline: dict, learner: int | None) -> dict:
    return {**outline, "state": progress.course_state(learner, outline)}


@route(
    "/courses",
    "GET",
    summary="The catalogue",
    tag="courses",
    response=schemas.CourseSummarySchema,
    many=True,
    auth=False,
)
def courses():
    found = outlines.catalogue_page(locale_code())["courses"]
    return jsonify(schemas.CourseSummarySchema(many=True).dump(found))


@route(
    "/courses/<slug>",
    "GET",
    summary="A course, its outline and your progress",
    tag="courses",
    response=schemas.CourseSchema,
    auth=False,
)
def course(slug: str):
    outline = outline_or_404(slug)
    return jsonify(schemas.CourseSchema().dump(course_with_state(outline, user_id())))


@route(
    "/courses/<slug>/enrolment",
    "POST",
    summary="Enrol in a course (idempotent)",
    tag="courses",
    response=schemas.CourseSchema,
    status=201,
)
@login_required
def enrol(slug: str):
    outline = outline_or_404(slug)
    services.enrol(current_user.id, outline["course"].id)
    return jsonify(schemas.CourseSchema().dump(course_with_state(outline, current_user.id))), 201


def lesson_page(slug: str, item: str) -> dict:
    page = outlines.lesson_page(slug, item, "lesson", locale_code(), learner=current_user.id)
    if page is None:
        raise ApiError(404)
    return page


@route(
    "/courses/<slug>/lessons/<item>",
    "GET",
    summary="A lesson in your language",
    tag="courses",
    response=schemas.LessonSchema,
)
@login_required
def lesson(slug: str, item: str):
    page = lesson_page(slug, item)
    _state, item_state = services.open_item(current_user.id, page, item)
    return jsonify(schemas.LessonSchema().dump({**page, "done": item_state.done}))


@route(
    "/courses/<slug>/lessons/<item>/done",
    "POST",
    summary="Mark a lesson as done",
    tag="courses",
    response=schemas.LessonSchema,
)
@login_required
def mark_done(slug: str, item: str):
    services.complete_lesson(current_user.id, slug, item, locale_code())
    return jsonify(schemas.LessonSchema().dump({**lesson_page(slug, item), "done": True}))


@route(
    "/paths",
    "GET",
    summary="Learning paths",
    tag="paths",
    response=schemas.PathSummarySchema,
    many=True,
    auth=False,
)
def paths():
    found = outlines.catalogue_page(locale_code())["paths"]
    return jsonify(schemas.PathSummarySchema(many=True).dump(found))


@route(
    "/paths/<slug>",
    "GET",
    summary="A path, its courses and your progress",
    tag="paths",
    response=schemas.PathSchema,
    auth=False,
)
def path(slug: str):
    page = progress.path_state(user_id(), slug, locale_code())
    if page is None:
        raise ApiError(404)
    return jsonify(schemas.PathSchema().dump(page))


@route(
    "/paths/<slug>/enrolment",
    "POST",
    summary="Follow a path (and start its first course)",
    tag="paths",
    response=schemas.PathSchema,
    status=201,
)
@login_required
def enrol_path(slug: str):
    services.enrol_path(current_user.id, slug, locale_code())
    page = progress.path_state(current_user.id, slug, locale_code())
    return jsonify(schemas.PathSchema().dump(page)), 201
