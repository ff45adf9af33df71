"""Reading what statements name: learners, courses, paths, items and certificates, with the
names of each in every language the content has (a few queries per event, one per bulk
enrolment whatever its size)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import aliased

from mooc.accounts.models import User
from mooc.courses.models import (
    Course,
    CourseTranslation,
    LearningPath,
    Lesson,
    LessonTranslation,
    PathTranslation,
)
from mooc.extensions import db
from mooc.urls import external_url
from mooc.xapi.statements import Activity, Learner

ITEM_KINDS = {"lesson": "lesson", "quiz": "quiz", "assignment": "assignment"}


def learners(user_ids: list[int]) -> list[Learner]:
    """The accounts of `user_ids`, in that order (the email only if statements carry it)."""
    with_email = (current_app.config.get("XAPI_ACTOR") or "account") != "account"
    columns = [User.id, User.language] + ([User.email] if with_email else [])
    rows = {
        row.id: row for row in db.session.execute(select(*columns).where(User.id.in_(user_ids)))
    }
    return [
        Learner(row.id, row.language or "en", row.email if with_email else "")
        for user_id in user_ids
        if (row := rows.get(user_id)) is not None
    ]


def learner(user_id: int) -> Learner | None:
    """One account as a statement's actor."""
    found = learners([user_id])
    return found[0] if found else None


def _names(text_model: type, column: Any, owner_id: int) -> dict[str, str]:
    rows = db.session.execute(
        select(text_model.locale, text_model.title)
        .where(column == owner_id)
        .order_by(text_model.locale)
    )
    return {locale: title for locale, title in rows}


def course(course_id: int) -> Activity | None:
    """A course by its slug."""
    slug = db.session.scalar(select(Course.slug).where(Course.id == course_id))
    if slug is None:
        return None
    names = _names(CourseTranslation, CourseTranslation.course_id, course_id)
    return Activity("course", ("course", slug), names)


def path(path_id: int) -> Activity | None:
    """A learning path by its slug."""
    slug = db.session.scalar(select(LearningPath.slug).where(LearningPath.id == path_id))
    if slug is None:
        return None
    return Activity(
        "path", ("path", slug), _names(PathTranslation, PathTranslation.path_id, path_id)
    )


def item(lesson_id: int) -> tuple[Activity, Activity] | None:
    """A lesson, quiz or assignment, and its course (the statement's parent), with the names
    of both in every language: one query (a row per pair of languages)."""
    lesson_text = aliased(LessonTranslation)
    course_text = aliased(CourseTranslation)
    rows = db.session.execute(
        select(
            Lesson.slug,
            Lesson.kind,
            Course.slug,
            lesson_text.locale,
            lesson_text.title,
            course_text.locale,
            course_text.title,
        )
        .join(Course, Course.id == Lesson.course_id)
        .outerjoin(lesson_text, lesson_text.lesson_id == Lesson.id)
        .outerjoin(course_text, course_text.course_id == Course.id)
        .where(Lesson.id == lesson_id)
    ).all()
    if not rows:
        return None
    slug, kind, course_slug = rows[0][:3]
    names = {row[3]: row[4] for row in rows if row[3] is not None}
    course_names = {row[5]: row[6] for row in rows if row[5] is not None}
    kind = ITEM_KINDS.get(kind, "lesson")
    parent = Activity("course", ("course", course_slug), dict(sorted(course_names.items())))
    return Activity(kind, ("course", course_slug, kind, slug), dict(sorted(names.items()))), parent


def certificate(certificate: Any) -> tuple[Activity, Activity | None]:
    """A certificate (by its code, with its public verify page) and its course or path."""
    parent = (
        course(certificate.course_id)
        if certificate.course_id
        else path(certificate.path_id)
        if certificate.path_id
        else None
    )
    names = {certificate.locale or "en": certificate.course_title}
    more = external_url("certificates.verify", code=certificate.code)
    return Activity("certificate", ("certificate", certificate.code), names, more), parent
