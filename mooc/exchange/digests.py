"""Which digests are due, what each says, and recording that it went (each its own operation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from mooc.accounts.models import User
from mooc.clock import utcnow
from mooc.exchange.models import ExchangeSettings, Notification
from mooc.extensions import db
from mooc.jobs import enqueue
from mooc.transactions import transactional

PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


@dataclass
class Due:
    """One learner's digest to send."""

    user_id: int
    email: str
    locale: str
    notification_ids: list[int]
    context: dict[str, Any]


def due(now=None) -> list[Due]:
    """Learners whose digest period has passed and who have something new to read."""
    from mooc.exchange.services import base

    now = now or utcnow()
    found = []
    rows = db.session.execute(
        select(ExchangeSettings, User)
        .join(User, User.id == ExchangeSettings.user_id)
        .where(ExchangeSettings.digest.in_(tuple(PERIODS)))
    ).all()
    for settings, user in rows:
        last = settings.last_digest_at
        if last is not None and now - last < PERIODS[settings.digest]:
            continue
        query = select(Notification).where(
            Notification.user_id == user.id,
            Notification.digested_at.is_(None),
            Notification.read_at.is_(None),
        )
        if not settings.digest_cities:
            query = query.where(Notification.cities.is_(False))
        items = list(db.session.scalars(query.order_by(Notification.created_at).limit(50)))
        if not items:
            continue
        context = {
            "name": user.display_name,
            "items": [
                {"kind": n.kind, "actor": n.actor_name, "excerpt": n.excerpt, "url": base(n.url)}
                for n in items
            ],
        }
        found.append(Due(user.id, user.email, user.language, [n.id for n in items], context))
    return found


@transactional
def record(found: Due, outcome: str) -> None:
    """The digest went (or the address turned digests off): its items are not sent again."""
    now = utcnow()
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_(found.notification_ids))
        .values(digested_at=now)
    )
    db.session.execute(
        update(ExchangeSettings)
        .where(ExchangeSettings.user_id == found.user_id)
        .values(last_digest_at=now)
    )


@transactional
def start(now=None):
    """Queue the digest job (once an hour whatever the number of asks)."""
    now = now or utcnow()
    return enqueue("exchange.digest", {}, key=f"exchange.digest:{now:%Y-%m-%dT%H}")
