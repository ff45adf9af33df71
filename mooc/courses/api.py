"""Courses, lessons and paths in the JSON API; the same services as the pages."""

from __future__ import annotations

from flask import jsonify
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mooc.api import ApiError, route
from mooc.courses import learning, learning_paths, schemas, services
from mooc.courses.learning import LearningError
from mooc.i18n import locale_code


def outline_or_404(slug: str) -> dict:
    outline = services.course_outline(slug, locale_code())
    if outline is None:
        raise ApiError(404)
    return outline


def learning_error(error: LearningError) -> ApiError:
    if error.code == "not_enrolled":
        return ApiError(403, "not_enrolled", _l("Enrol in the course first."))
    if error.code == "locked":
        return ApiError(
            403,
            "locked",
            _l("This module opens when you complete “%(module)s”.") % {"module": error.detail},
        )
    return ApiError(404)


def course_dict(course, text) -> dict:
    return {
        "id": course.slug,
        "title": text.title,
        "summary": text.summary,
        "language": course.language,
        "languages": course.languages,
        "hours": course.hours,
        "sequential": course.sequential,
        "locale": text.locale or locale_code(),
    }


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
    found = services.catalogue(locale_code())
    return jsonify(
        schemas.CourseSummarySchema(many=True).dump(
            [course_dict(e["course"], e["text"]) for e in found]
        )
    )


def course_body(outline: dict, state: learning.CourseState) -> dict:
    modules = []
    for module_state in state.modules:
        module = module_state.module
        modules.append(
            {
                "id": module.slug,
                "title": module.text.title,
                "summary": module.text.summary,
                "complete": module_state.complete,
                "locked_by": module_state.locked_by.slug if module_state.locked_by else None,
                "items": [
                    {
                        "id": i.item.slug,
                        "kind": i.item.kind,
                        "title": i.item.title,
                        "minutes": i.item.minutes,
                        "required": i.item.required,
                        "url": i.item.url,
                        "done": i.done,
                        "best_score": i.best_score,
                        "attempts": i.attempts,
                    }
                    for i in module_state.items
                ],
            }
        )
    return {
        **course_dict(outline["course"], outline["text"]),
        "body_html": outline["text"].body_html,
        "enrolled": state.enrolment is not None,
        "progress": state.percent,
        "complete": state.complete,
        "resume": state.resume.slug if state.resume else None,
        "modules": modules,
    }


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
    user_id = current_user.id if current_user.is_authenticated else None
    state = learning.course_state(user_id, outline)
    return jsonify(schemas.CourseSchema().dump(course_body(outline, state)))


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
    learning.enrol(current_user.id, outline["course"].id)
    state = learning.course_state(current_user.id, outline)
    return jsonify(schemas.CourseSchema().dump(course_body(outline, state))), 201


def opened(slug: str, item: str, kind: str) -> tuple[dict, learning.CourseState, object]:
    page = services.lesson_page(slug, item, kind, locale_code())
    if page is None:
        raise ApiError(404)
    try:
        state, item_state = learning.open_item(current_user.id, page, item)
    except LearningError as error:
        raise learning_error(error) from None
    return page, state, item_state


def lesson_body(page: dict, done: bool) -> dict:
    text = page["text"]
    return {
        "id": page["lesson"].slug,
        "kind": page["lesson"].kind,
        "course": page["course"].slug,
        "module": page["module"].slug,
        "title": text.title,
        "body_html": text.body_html,
        "locale": text.locale,
        "fallback": text.fallback,
        "minutes": page["lesson"].minutes,
        "required": page["lesson"].required,
        "done": done,
        "previous": page["previous"].slug if page["previous"] else None,
        "next": page["next"].slug if page["next"] else None,
    }


@route(
    "/courses/<slug>/lessons/<item>",
    "GET",
    summary="A lesson in your language",
    tag="courses",
    response=schemas.LessonSchema,
)
@login_required
def lesson(slug: str, item: str):
    page, state, item_state = opened(slug, item, "lesson")
    learning.visit(state, item_state.item)
    return jsonify(schemas.LessonSchema().dump(lesson_body(page, item_state.done)))


@route(
    "/courses/<slug>/lessons/<item>/done",
    "POST",
    summary="Mark a lesson as done",
    tag="courses",
    response=schemas.LessonSchema,
)
@login_required
def mark_done(slug: str, item: str):
    try:
        learning.complete_lesson(current_user.id, slug, item)
    except LearningError as error:
        raise learning_error(error) from None
    page = services.lesson_page(slug, item, "lesson", locale_code())
    return jsonify(schemas.LessonSchema().dump(lesson_body(page, True)))


def path_body(page: dict) -> dict:
    return {
        "id": page["path"].slug,
        "title": page["text"].title,
        "summary": page["text"].summary,
        "sequential": page["path"].sequential,
        "enrolled": page["enrolled"],
        "progress": page["percent"],
        "next": page["next"]["course"].slug if page["next"] else None,
        "courses": [
            {
                "id": c["course"].slug,
                "title": c["text"].title,
                "enrolled": c["enrolled"],
                "complete": c["complete"],
                "progress": c["percent"],
                "locked_by": c["locked_by"],
            }
            for c in page["courses"]
        ],
    }


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
    return jsonify(
        schemas.PathSummarySchema(many=True).dump(
            [
                {
                    "id": e["path"].slug,
                    "title": e["text"].title,
                    "summary": e["text"].summary,
                    "sequential": e["path"].sequential,
                }
                for e in services.paths_list(locale_code())
            ]
        )
    )


@route(
    "/paths/<slug>",
    "GET",
    summary="A path, its courses and your progress",
    tag="paths",
    response=schemas.PathSchema,
    auth=False,
)
def path(slug: str):
    user_id = current_user.id if current_user.is_authenticated else None
    page = learning_paths.path_state(user_id, slug, locale_code())
    if page is None:
        raise ApiError(404)
    return jsonify(schemas.PathSchema().dump(path_body(page)))


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
    try:
        learning_paths.enrol_path(current_user.id, slug, locale_code())
    except LearningError as error:
        raise learning_error(error) from None
    page = learning_paths.path_state(current_user.id, slug, locale_code())
    return jsonify(schemas.PathSchema().dump(path_body(page))), 201
