"""Learning paths for a learner: progress through the path's courses, order, enrolment."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mooc.courses.learning import LearningError, course_state, enrol
from mooc.courses.models import PathEnrolment
from mooc.courses.services import course_outline, path_page
from mooc.extensions import db


def path_state(user_id: int | None, slug: str, locale: str) -> dict[str, Any] | None:
    """A path page with the learner's enrolment, each course's progress and locks."""
    page = path_page(slug, locale)
    if page is None:
        return None
    path = page["path"]
    enrolled = (
        user_id is not None
        and db.session.scalar(
            select(PathEnrolment).where(
                PathEnrolment.user_id == user_id, PathEnrolment.path_id == path.id
            )
        )
        is not None
    )
    previous_complete = True
    previous_title = ""
    next_course = None
    for entry in page["courses"]:
        outline = course_outline(entry["course"].slug, locale)
        state = course_state(user_id, outline) if outline and user_id else None
        entry["percent"] = state.percent if state else 0.0
        entry["complete"] = bool(state and state.complete)
        entry["enrolled"] = bool(state and state.enrolment)
        entry["locked_by"] = None if (not path.sequential or previous_complete) else previous_title
        if next_course is None and not entry["complete"]:
            next_course = entry
        previous_complete = entry["complete"]
        previous_title = entry["text"].title
    courses = page["courses"]
    page.update(
        enrolled=enrolled,
        next=next_course,
        percent=(sum(c["complete"] for c in courses) / len(courses)) if courses else 0.0,
    )
    return page


def enrol_path(user_id: int, slug: str, locale: str) -> dict[str, Any]:
    """Enrol in a path (idempotent) and in its first open course."""
    page = path_state(user_id, slug, locale)
    if page is None:
        raise LearningError("not_found")
    if not page["enrolled"]:
        db.session.add(PathEnrolment(user_id=user_id, path_id=page["path"].id))
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
    target = page["next"]
    if target is not None and target["locked_by"] is None:
        enrol(user_id, target["course"].id)
    return page


def enrol_from_path(user_id: int, path_slug: str, course_slug: str, locale: str) -> None:
    """Enrol in a course of a path, refusing a course that the path's order keeps locked."""
    page = path_state(user_id, path_slug, locale)
    entry = next(
        (c for c in (page or {}).get("courses", []) if c["course"].slug == course_slug), None
    )
    if entry is None:
        raise LearningError("not_found")
    if entry["locked_by"]:
        raise LearningError("locked", entry["locked_by"])
    enrol(user_id, entry["course"].id)
