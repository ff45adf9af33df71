"""Cohort operations: create, edit, join by link, add learners by email or CSV, invitations."""

from __future__ import annotations

import base64
import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from mooc.accounts.models import User
from mooc.accounts.services import normalize_email
from mooc.cohorts.models import Cohort, CohortMember, CohortTrainer, MemberCity
from mooc.courses import learning, learning_paths
from mooc.courses.models import Course, LearningPath
from mooc.courses.models.progress import utcnow
from mooc.extensions import db

# What each refusal means, for the pages and the API alike.
ERRORS = {
    "unknown_city": _l("Choose a city from the list."),
    "unknown_target": _l("Choose a course or a learning path from the list."),
    "dates": _l("The end date comes before the start date."),
    "not_a_trainer": _l("No trainer account has this email."),
    "encoding": _l("The file is not UTF-8 text: save it as 'CSV UTF-8' and try again."),
    "too_many": _l("Add at most 5,000 learners at a time."),
    "too_large": _l("The file is larger than 2 MB: split it and add each part."),
}


class CohortError(Exception):
    """A refused cohort operation; `code` is stable, the caller chooses the words."""

    def __init__(self, code: str, field: str | None = None, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.field = field
        self.detail = detail


def new_join_code() -> str:
    """100 random bits, URL-safe (20 base32 characters)."""
    return base64.b32encode(secrets.token_bytes(15)).decode().lower()[:20]


def target_of(target: str) -> tuple[Course | None, LearningPath | None]:
    """`course:SLUG` or `path:SLUG` to the visible course or path it names."""
    kind, _sep, slug = target.partition(":")
    if kind == "course":
        course = db.session.scalar(
            select(Course).where(
                Course.slug == slug, Course.archived_at.is_(None), Course.status == "published"
            )
        )
        if course is not None:
            return course, None
    elif kind == "path":
        path = db.session.scalar(
            select(LearningPath).where(
                LearningPath.slug == slug, LearningPath.archived_at.is_(None)
            )
        )
        if path is not None:
            return None, path
    raise CohortError("unknown_target", "target")


def check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise CohortError("dates", "ends_on")


def create(
    trainer: User,
    name: str,
    city_id: int,
    target: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Cohort:
    """Create a cohort run by `trainer`, with a fresh join code."""
    if db.session.get(MemberCity, city_id) is None:
        raise CohortError("unknown_city", "city_id")
    course, path = target_of(target)
    check_dates(starts_on, ends_on)
    cohort = Cohort(
        name=name,
        city_id=city_id,
        course_id=course.id if course else None,
        path_id=path.id if path else None,
        starts_on=starts_on,
        ends_on=ends_on,
        join_code=new_join_code(),
    )
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortTrainer(cohort_id=cohort.id, user_id=trainer.id))
    db.session.commit()
    return cohort


def update(cohort: Cohort, **changes) -> Cohort:
    """Change a cohort's name, city or dates (its course or path stays: progress depends on it)."""
    if "city_id" in changes and db.session.get(MemberCity, changes["city_id"]) is None:
        raise CohortError("unknown_city", "city_id")
    check_dates(changes.get("starts_on", cohort.starts_on), changes.get("ends_on", cohort.ends_on))
    for key in ("name", "city_id", "starts_on", "ends_on"):
        if key in changes:
            setattr(cohort, key, changes[key])
    db.session.commit()
    return cohort


def regenerate_code(cohort: Cohort) -> str:
    """A new join code; the old link stops working."""
    cohort.join_code = new_join_code()
    db.session.commit()
    return cohort.join_code


def by_join_code(code: str) -> Cohort | None:
    """The cohort a join link names, if the code is current."""
    if not code or len(code) > 40:
        return None
    return db.session.scalar(select(Cohort).where(Cohort.join_code == code))


def add_trainer(cohort: Cohort, email: str) -> User:
    """Another trainer (an account with the trainer or admin role) for the cohort."""
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None or not user.has_role("trainer"):
        raise CohortError("not_a_trainer", "email")
    if db.session.scalar(
        select(CohortTrainer).where(
            CohortTrainer.cohort_id == cohort.id, CohortTrainer.user_id == user.id
        )
    ):
        return user
    db.session.add(CohortTrainer(cohort_id=cohort.id, user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return user


def trainers_of(cohort_id: int) -> list[User]:
    """The cohort's trainers, by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(CohortTrainer, CohortTrainer.user_id == User.id)
            .where(CohortTrainer.cohort_id == cohort_id)
            .order_by(User.display_name, User.id)
        )
    )


def enrol_in_target(cohort: Cohort, user_id: int) -> None:
    """Enrol a new member in the cohort's course, or in its path and the path's first course."""
    if cohort.course_id is not None:
        learning.enrol(user_id, cohort.course_id)
    else:
        path = cohort.path
        if path is not None:
            learning_paths.enrol_path(user_id, path.slug, "en")


def add_member(cohort: Cohort, user_id: int, how: str) -> bool:
    """Make a learner a member (idempotent) and enrol them; True when they were not yet in."""
    existing = db.session.scalar(
        select(CohortMember.id).where(
            CohortMember.cohort_id == cohort.id, CohortMember.user_id == user_id
        )
    )
    added = False
    if existing is None:
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=user_id, how=how))
        try:
            db.session.commit()
            added = True
        except IntegrityError:  # joined twice at the same instant
            db.session.rollback()
    enrol_in_target(cohort, user_id)
    return added


def join(user: User, code: str) -> Cohort:
    """A learner joins through the cohort's link."""
    cohort = by_join_code(code)
    if cohort is None:
        raise CohortError("not_found")
    add_member(cohort, user.id, "link")
    return cohort


def is_member(user_id: int, cohort_id: int) -> bool:
    """True when the learner belongs to the cohort."""
    return (
        db.session.scalar(
            select(CohortMember.id).where(
                CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id
            )
        )
        is not None
    )


# A list of cohorts shows each one's city and course or path: load them with the list.
WITH_TARGET = (selectinload(Cohort.city), selectinload(Cohort.course), selectinload(Cohort.path))


def cohorts_of(user: User) -> list[tuple[Cohort, int]]:
    """The cohorts a trainer runs (every cohort for an admin), with their member counts."""
    members = (
        select(CohortMember.cohort_id, func.count().label("n"))
        .group_by(CohortMember.cohort_id)
        .subquery()
    )
    query = (
        select(Cohort, func.coalesce(members.c.n, 0))
        .options(*WITH_TARGET)
        .outerjoin(members, members.c.cohort_id == Cohort.id)
        .join(MemberCity, MemberCity.id == Cohort.city_id)
        .order_by(Cohort.created_at.desc(), Cohort.id.desc())
    )
    if user.role != "admin":
        query = query.where(
            Cohort.id.in_(select(CohortTrainer.cohort_id).where(CohortTrainer.user_id == user.id))
        )
    return [(cohort, count) for cohort, count in db.session.execute(query)]


def form_choices(locale: str) -> dict:
    """Cities, courses and paths for the cohort form and the admin report."""
    from mooc.courses.services import catalogue, paths_list

    cities = list(db.session.scalars(select(MemberCity).order_by(MemberCity.name)))
    countries = sorted({city.country for city in cities})
    return {
        "cities": cities,
        "countries": countries,
        "courses": catalogue(locale),
        "paths": paths_list(locale),
    }


def target_title(cohort: Cohort, locale: str) -> str:
    """The title of the cohort's course or path in `locale`."""
    from mooc.cohorts.reports import scope_of

    return scope_of(cohort, locale).title


def target_url(cohort: Cohort) -> str:
    """The page of the cohort's course or path."""
    from flask import url_for

    if cohort.course is not None:
        return url_for("courses.course", slug=cohort.course.slug)
    return url_for("courses.path", slug=cohort.path.slug)


def report_context(cohort: Cohort, scope, locale: str) -> dict:
    """Everything the PDF report shows (learner rows included: a PDF is read whole anyway)."""
    from mooc.cohorts import analysis, reports
    from mooc.cohorts.chart import module_chart
    from mooc.cohorts.exports import summary_cells

    rows = list(reports.learner_rows(scope))
    summary = reports.summarise(rows)
    return {
        "cohort": cohort,
        "scope": scope,
        "summary_cells": summary_cells(summary),
        "rows": rows,
        "chart": module_chart(analysis.module_completion(scope)),
        "questions": analysis.item_analysis(scope, locale),
        "trainers": trainers_of(cohort.id),
        "generated_at": utcnow(),
    }


def member_count(cohort_id: int) -> int:
    """How many learners a cohort has."""
    return db.session.scalar(
        select(func.count()).select_from(CohortMember).where(CohortMember.cohort_id == cohort_id)
    )
