"""Cohorts, read: join codes, members, trainers, a trainer's cohorts, invitations, and the
certificates of a cohort's members."""

from __future__ import annotations

import os

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from mooc.accounts.models import User
from mooc.certificates.models import Certificate
from mooc.certificates.queries import file_path, subject_filter
from mooc.cities.models import MemberCity
from mooc.cohorts.access import member_ids
from mooc.cohorts.models import Cohort, CohortInvitation, CohortMember, CohortTrainer
from mooc.extensions import db


def with_target() -> tuple:
    """A list of cohorts shows each one's city and course or path: load them with the list.
    (Built when a query needs it: naming a relationship configures every mapper, which a
    command that never queries should not pay for.)"""
    return (selectinload(Cohort.city), selectinload(Cohort.course), selectinload(Cohort.path))


def by_join_code(code: str) -> Cohort | None:
    """The cohort a join link names, if the code is current."""
    if not code or len(code) > 40:
        return None
    return db.session.scalar(select(Cohort).where(Cohort.join_code == code))


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


def cohorts_of(user: User) -> list[tuple[Cohort, int]]:
    """The cohorts a trainer runs (every cohort for an admin), with their member counts."""
    members = (
        select(CohortMember.cohort_id, func.count().label("n"))
        .group_by(CohortMember.cohort_id)
        .subquery()
    )
    query = (
        select(Cohort, func.coalesce(members.c.n, 0))
        .options(*with_target())
        .outerjoin(members, members.c.cohort_id == Cohort.id)
        .join(MemberCity, MemberCity.id == Cohort.city_id)
        .order_by(Cohort.created_at.desc(), Cohort.id.desc())
    )
    if user.role != "admin":
        query = query.where(
            Cohort.id.in_(select(CohortTrainer.cohort_id).where(CohortTrainer.user_id == user.id))
        )
    return [(cohort, count) for cohort, count in db.session.execute(query)]


def member_count(cohort_id: int) -> int:
    """How many learners a cohort has."""
    return db.session.scalar(
        select(func.count()).select_from(CohortMember).where(CohortMember.cohort_id == cohort_id)
    )


def pending_invitations(cohort_id: int) -> list[CohortInvitation]:
    """Emails invited to the cohort that have not registered yet."""
    return list(
        db.session.scalars(
            select(CohortInvitation)
            .where(CohortInvitation.cohort_id == cohort_id, CohortInvitation.accepted_at.is_(None))
            .order_by(CohortInvitation.email)
        )
    )


def cohort_certificates(cohort: Cohort) -> list[Certificate]:
    """The valid certificates of the cohort's members for the cohort's course or path."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(
                Certificate.user_id.in_(member_ids(cohort.id)),
                subject_filter(cohort.course_id, cohort.path_id),
            )
            .order_by(Certificate.id)
        )
    )


def cohort_files(cohort: Cohort) -> list[tuple[str, str]]:
    """(name in the archive, stored file) of each valid certificate of the cohort's members."""
    files = []
    for certificate in cohort_certificates(cohort):
        path = file_path(certificate)
        if os.path.exists(path):
            files.append((f"certificate-{certificate.code}.pdf", path))
    return files
