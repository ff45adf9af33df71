"""Who may see a cohort: its trainers and admins; everyone else is told it does not exist."""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import joinedload

from mooc.cohorts.models import Cohort, CohortMember, CohortTrainer
from mooc.extensions import db


def trains(user, cohort_id: int) -> bool:
    """True when `user` is a trainer of the cohort or an admin."""
    if user.role == "admin":
        return True
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    CohortTrainer.cohort_id == cohort_id, CohortTrainer.user_id == user.id
                )
            )
        )
    )


def cohort_for(user, cohort_id: int) -> Cohort | None:
    """The cohort if `user` may see it (trainer of it, or admin); None otherwise, as for a
    cohort that does not exist, so that ids reveal nothing. One statement, which also loads
    the cohort's city and course (every cohort page shows them)."""
    if not user.is_authenticated or not user.has_role("trainer"):
        return None
    admin = user.role == "admin"
    parameters = {"cohort_id": cohort_id} if admin else {"cohort_id": cohort_id, "user": user.id}
    return db.session.scalar(visible_statement(admin), parameters)


@cache
def visible_statement(admin: bool):
    """The query of `cohort_for`, built once: a cohort by id, for an admin or for its trainer."""
    query = (
        select(Cohort)
        .options(joinedload(Cohort.city), joinedload(Cohort.course))
        .where(Cohort.id == bindparam("cohort_id"))
    )
    if admin:
        return query
    return query.where(
        exists().where(
            CohortTrainer.cohort_id == Cohort.id, CohortTrainer.user_id == bindparam("user")
        )
    )


def member_ids(cohort_id: int):
    """A select of the user ids of a cohort's learners, to use as a subquery."""
    return select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)
