"""Deleting an account: her posts removed or anonymised as she chooses; what a certificate's
verification shows (its own row: name as printed, course, date) stays as it was."""

from __future__ import annotations

from sqlalchemy import delete, or_, select, update

from mooc import signals
from mooc.accounts.models import ApiToken, User
from mooc.clock import utcnow
from mooc.cohorts.models import CohortInvitation, CohortMember
from mooc.exchange.errors import ExchangeError
from mooc.exchange.models import (
    Answer,
    ExchangeSettings,
    Mute,
    Notification,
    Post,
    Report,
    UsefulMark,
)
from mooc.extensions import db
from mooc.transactions import transactional

MODES = ("remove", "anonymise")


@transactional
def delete_account(user: User, mode: str, confirmation: str) -> None:
    """Close her account in one operation: exchange rows removed (or kept without her name),
    memberships, invitations and tokens gone, the account scrubbed so that it cannot sign in
    and names no one; certificates keep their printed name and stay verifiable."""
    if confirmation.strip() != "DELETE":
        raise ExchangeError("bad_confirmation", "confirmation")
    if mode not in MODES:
        mode = "remove"
    answers = select(Answer.id).where(Answer.user_id == user.id)
    db.session.execute(delete(UsefulMark).where(UsefulMark.user_id == user.id))
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(delete(ExchangeSettings).where(ExchangeSettings.user_id == user.id))
    db.session.execute(delete(Mute).where(Mute.user_id == user.id))
    db.session.execute(update(Report).where(Report.reporter_id == user.id).values(reporter_id=None))
    if mode == "remove":
        posts = select(Post.id).where(or_(Post.author_id == user.id, Post.answer_id.in_(answers)))
        ids = list(db.session.scalars(posts))
        children = list(db.session.scalars(select(Post.id).where(Post.parent_id.in_(ids))))
        ids += children
        db.session.execute(
            delete(Report).where(or_(Report.post_id.in_(ids), Report.answer_id.in_(answers)))
        )
        db.session.execute(delete(UsefulMark).where(UsefulMark.answer_id.in_(answers)))
        db.session.execute(delete(Post).where(Post.id.in_(children)))
        db.session.execute(delete(Post).where(Post.id.in_(ids)))
        db.session.execute(delete(Answer).where(Answer.user_id == user.id))
    else:
        # Kept for the exchange, without her name or city; never again a case study by name.
        db.session.execute(
            update(Post).where(Post.author_id == user.id).values(author_id=None, city_id=None)
        )
        db.session.execute(
            update(Answer)
            .where(Answer.user_id == user.id)
            .values(case_study=False, case_study_named=False)
        )
    signals.send(signals.members_leaving, user_ids=[user.id])  # cohorts' counters
    db.session.execute(delete(CohortMember).where(CohortMember.user_id == user.id))
    db.session.execute(delete(CohortInvitation).where(CohortInvitation.email == user.email))
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.display_name = ""
    user.certificate_name = ""
    user.password_hash = "!"  # matches no password
    user.city_id = None
    user.role = "learner"
    user.session_version += 1  # every session of hers ends
