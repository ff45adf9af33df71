"""Who may grant extra attempts, and the learners who need them (read only).

A trainer helps the learners of her cohorts that follow the quiz's course (directly or through a
path); an admin helps anyone."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from sqlalchemy import Integer, and_, bindparam, cast, exists, func, or_, select

from mooc.accounts.models import User
from mooc.cohorts.models import Cohort, CohortMember, CohortTrainer
from mooc.courses.models import (
    Course,
    CourseTranslation,
    Lesson,
    LessonTranslation,
    PathCourse,
)
from mooc.extensions import db
from mooc.quizzes.models import AttemptGrant, QuizAttempt


def follows(course_id):
    """A condition on `Cohort`: it follows the course, directly or through its path."""
    return or_(
        Cohort.course_id == course_id,
        exists().where(PathCourse.path_id == Cohort.path_id, PathCourse.course_id == course_id),
    )


def may_grant(granter, user_id: int, course_id: int) -> bool:
    """True for an admin, or a trainer of a cohort of the learner's that follows the course."""
    if granter is None or not getattr(granter, "is_authenticated", False):
        return False
    if granter.role == "admin":
        return True
    if not granter.has_role("trainer"):
        return False
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    CohortTrainer.user_id == granter.id,
                    CohortMember.cohort_id == CohortTrainer.cohort_id,
                    CohortMember.user_id == user_id,
                    Cohort.id == CohortTrainer.cohort_id,
                    follows(course_id),
                )
            )
        )
    )


@dataclass
class LockedOut:
    """A learner who used every attempt at a quiz without passing it."""

    user: User
    lesson: Lesson
    course: Course
    used: int
    allowed: int


def locked_out(granter, limit: int = 500) -> list[LockedOut]:
    """The learners the granter may help who have no attempt left at a quiz they have not
    passed (one query), most recent first."""
    extra = (
        select(func.coalesce(func.sum(AttemptGrant.extra), 0))
        .where(
            AttemptGrant.user_id == QuizAttempt.user_id,
            AttemptGrant.lesson_id == QuizAttempt.lesson_id,
        )
        .correlate(QuizAttempt)
        .scalar_subquery()
    )
    used = func.count(QuizAttempt.id)
    query = (
        select(User, Lesson, Course, used, Lesson.max_attempts + extra)
        .join(User, User.id == QuizAttempt.user_id)
        .join(Lesson, Lesson.id == QuizAttempt.lesson_id)
        .join(Course, Course.id == Lesson.course_id)
        .where(Lesson.max_attempts.is_not(None), Lesson.archived_at.is_(None))
        .group_by(User.id, Lesson.id, Course.id, QuizAttempt.user_id, QuizAttempt.lesson_id)
        .having(
            func.max(cast(QuizAttempt.passed, Integer)) == 0,
            used >= Lesson.max_attempts + extra,
        )
        .order_by(func.max(QuizAttempt.created_at).desc())
        .limit(limit)
    )
    if granter.role != "admin":
        query = query.where(
            exists().where(
                CohortTrainer.user_id == granter.id,
                CohortMember.cohort_id == CohortTrainer.cohort_id,
                CohortMember.user_id == QuizAttempt.user_id,
                Cohort.id == CohortTrainer.cohort_id,
                follows(Lesson.course_id),
            )
        )
    return [LockedOut(*row) for row in db.session.execute(query)]


def recent_grants(granter, limit: int = 50) -> list[tuple[AttemptGrant, User, Lesson, Course]]:
    """The latest grants the granter may see: her own (an admin sees every grant)."""
    query = (
        select(AttemptGrant, User, Lesson, Course)
        .join(User, User.id == AttemptGrant.user_id)
        .join(Lesson, Lesson.id == AttemptGrant.lesson_id)
        .join(Course, Course.id == Lesson.course_id)
        .order_by(AttemptGrant.id.desc())
        .limit(limit)
    )
    if granter.role != "admin":
        query = query.where(and_(AttemptGrant.granted_by_id == granter.id))
    return list(db.session.execute(query))


def trainers_of(user_id: int, course_id: int) -> list[Trainer]:
    """The trainers of the learner's cohorts that follow the course (whom to ask for help)."""
    found = db.session.execute(trainers_statement(), {"user_id": user_id, "course_id": course_id})
    return [Trainer(row.id, row.display_name) for row in found]


class Trainer(NamedTuple):
    """A trainer to ask for another attempt: what the quiz page shows of her."""

    id: int
    display_name: str


@cache
def trainers_statement():
    """`trainers_of`'s query, built once: plain rows (the page shows names only)."""
    return (
        select(User.id, User.display_name)
        .join(CohortTrainer, CohortTrainer.user_id == User.id)
        .join(Cohort, Cohort.id == CohortTrainer.cohort_id)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == bindparam("user_id"), follows(bindparam("course_id")))
        .distinct()
        .order_by(User.display_name)
    )


def titles(rows: list[LockedOut], locale: str) -> dict[tuple[str, int], str]:
    """The quizzes' and courses' titles in the reader's language (else the course's), keyed
    ("lesson" | "course", id): two queries for the whole list."""
    found: dict[tuple[str, int], str] = {}
    for kind, model, link, ids in (
        ("lesson", LessonTranslation, LessonTranslation.lesson_id, {r.lesson.id for r in rows}),
        ("course", CourseTranslation, CourseTranslation.course_id, {r.course.id for r in rows}),
    ):
        if not ids:
            continue
        for parent, row_locale, title in db.session.execute(
            select(link, model.locale, model.title).where(
                link.in_(ids), model.archived_at.is_(None)
            )
        ):
            key = (kind, parent)
            if row_locale == locale or key not in found:
                found[key] = title
    return found
