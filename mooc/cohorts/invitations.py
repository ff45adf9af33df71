"""Invitation links: a signed token names the invitation, so that its mail's link opens it
(accept once signed in, or decline without an account)."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import exists, select

from mooc.cohorts.models import Cohort, CohortInvitation
from mooc.extensions import db
from mooc.urls import external_url


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="cohort-invitation")


def token_of(invitation_id: int) -> str:
    """The token of an invitation's link."""
    return _serializer().dumps(invitation_id)


def link_of(invitation_id: int) -> str:
    """The invitation's page, from MOOC_BASE_URL (for its mail)."""
    return external_url("cohorts.invitation", token=token_of(invitation_id))


def by_token(token: str) -> CohortInvitation | None:
    """The invitation a valid token names."""
    if len(token) > 200:
        return None
    try:
        invitation_id = _serializer().loads(token)
    except BadSignature:
        return None
    return (
        db.session.get(CohortInvitation, invitation_id) if isinstance(invitation_id, int) else None
    )


def invitations_of(cohort_id: int) -> list[CohortInvitation]:
    """Every invitation of a cohort (pending, accepted, declined), by email."""
    return list(
        db.session.scalars(
            select(CohortInvitation)
            .where(CohortInvitation.cohort_id == cohort_id)
            .order_by(CohortInvitation.status.desc(), CohortInvitation.email)
        )
    )


def pending_for(email: str) -> list[tuple[CohortInvitation, Cohort]]:
    """The invitations waiting for this address, with their cohorts."""
    return list(
        db.session.execute(
            select(CohortInvitation, Cohort)
            .join(Cohort, Cohort.id == CohortInvitation.cohort_id)
            .where(CohortInvitation.email == email, CohortInvitation.status == "pending")
            .order_by(CohortInvitation.created_at)
        )
    )


def has_pending(email: str) -> bool:
    """True when an invitation waits for this address (to show them after sign-in)."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    CohortInvitation.email == email, CohortInvitation.status == "pending"
                )
            )
        )
    )
