"""Who may download which certificate: its holder, a trainer of the holder's cohort on that
course or path, an admin."""

from __future__ import annotations

from sqlalchemy import exists, select

from mooc.certificates.models import Certificate
from mooc.certificates.queries import by_code
from mooc.cohorts.models import Cohort, CohortMember, CohortTrainer
from mooc.extensions import db


def downloadable(user, code: str) -> Certificate | None:
    """The certificate if `user` may download it; None otherwise, as for an unknown code."""
    certificate = by_code(code)
    if certificate is None or not user.is_authenticated:
        return None
    if certificate.user_id == user.id or user.role == "admin":
        return certificate
    if user.has_role("trainer") and trains_holder(user.id, certificate):
        return certificate
    return None


def trains_holder(trainer_id: int, certificate: Certificate) -> bool:
    """True when the user trains a cohort that has the holder as a member and is on the
    certificate's course or path."""
    subject = (
        Cohort.path_id == certificate.path_id
        if certificate.path_id is not None
        else Cohort.course_id == certificate.course_id
    )
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    CohortTrainer.user_id == trainer_id,
                    Cohort.id == CohortTrainer.cohort_id,
                    CohortMember.cohort_id == Cohort.id,
                    CohortMember.user_id == certificate.user_id,
                    subject,
                )
            )
        )
    )
