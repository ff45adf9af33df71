"""Deleting an account: her posts removed or anonymised as she chooses; what a certificate's
verification shows (its own row: name as printed, course, date) stays as it was.

The exchange owns the operation and its own rows; the rest reacts to `account_closing` in the
same transaction: cohorts forget her memberships and invitations, accounts scrub her row and
revoke her tokens (`mooc/accounts/receivers.py`)."""

from __future__ import annotations

from sqlalchemy import delete, or_, select, update

from mooc import signals
from mooc.accounts.models import User
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
    then `account_closing`: memberships, invitations and tokens gone, the account scrubbed so
    that it cannot sign in and names no one; certificates keep their printed name and stay
    verifiable."""
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
    signals.send(signals.account_closing, user=user, email=user.email)
