"""Who may see a cohort: its trainers and admins; everyone else is told it does not exist."""

from __future__ import annotations

from sqlalchemy import exists, select

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
    cohort that does not exist, so that ids reveal nothing."""
    if not user.is_authenticated or not user.has_role("trainer"):
        return None
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not trains(user, cohort_id):
        return None
    return cohort


def member_ids(cohort_id: int):
    """A select of the user ids of a cohort's learners, to use as a subquery."""
    return select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)
