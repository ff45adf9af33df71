"""Which digests are due, what each says, and recording that it went (each its own operation).

A digest goes once per period of the learner's choice: a daily one once per UTC day, a weekly
one once per ISO week (from Monday 00:00 UTC). Before a worker sends one it claims the period
with one conditional `UPDATE` of her settings (`last_digest_at` before the period's start):
of two workers that found the same learner due, one claims it and the other skips her."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, exists, or_, select, update

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
    period: str = "daily"
    last: Any = None  # her `last_digest_at` when it was found due
    claimed_at: Any = None


def period_start(digest: str, now) -> Any:
    """When the current period of `digest` began: today's or this ISO week's first instant (UTC)."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday()) if digest == "weekly" else day


def not_sent_in_period(now):
    """Settings whose digest of the current period has not gone yet."""
    return or_(
        *(
            and_(
                ExchangeSettings.digest == digest,
                or_(
                    ExchangeSettings.last_digest_at.is_(None),
                    ExchangeSettings.last_digest_at < period_start(digest, now),
                ),
            )
            for digest in PERIODS
        )
    )


def pending(now=None) -> bool:
    """True when some learner's digest of the current period has not gone yet (one query)."""
    now = now or utcnow()
    return bool(db.session.scalar(select(exists().where(not_sent_in_period(now)))))


def due(now=None) -> list[Due]:
    """Learners whose digest period has passed and who have something new to read."""
    from mooc.exchange.services import base

    now = now or utcnow()
    found = []
    rows = db.session.execute(
        select(ExchangeSettings, User)
        .join(User, User.id == ExchangeSettings.user_id)
        .where(not_sent_in_period(now))
        .order_by(ExchangeSettings.user_id)
    ).all()
    for settings, user in rows:
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
        ids = [n.id for n in items]
        found.append(
            Due(
                user.id,
                user.email,
                user.language,
                ids,
                context,
                settings.digest,
                settings.last_digest_at,
            )
        )
    return found


@transactional
def claim(found: Due, now=None) -> bool:
    """Take her digest of this period for this worker: True for the one worker whose
    conditional update changed her row (another that found her due at the same time gets
    False and skips her, so no period's digest goes twice)."""
    now = now or utcnow()
    result = db.session.execute(
        update(ExchangeSettings)
        .where(
            ExchangeSettings.user_id == found.user_id,
            ExchangeSettings.digest == found.period,
            or_(
                ExchangeSettings.last_digest_at.is_(None),
                ExchangeSettings.last_digest_at < period_start(found.period, now),
            ),
        )
        .values(last_digest_at=now)
        .execution_options(synchronize_session=False)
    )
    found.claimed_at = now
    return result.rowcount == 1


@transactional
def release(found: Due) -> None:
    """Give a claimed period back (the mail could not leave: a retry of the job sends it)."""
    db.session.execute(
        update(ExchangeSettings)
        .where(
            ExchangeSettings.user_id == found.user_id,
            ExchangeSettings.last_digest_at == found.claimed_at,
        )
        .values(last_digest_at=found.last)
        .execution_options(synchronize_session=False)
    )


@transactional
def record(found: Due, outcome: str) -> None:
    """The digest went (or the address turned digests off): its items are not sent again."""
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_(found.notification_ids))
        .values(digested_at=utcnow())
        .execution_options(synchronize_session=False)
    )


@transactional
def start(now=None):
    """Queue the digest job (once an hour whatever the number of asks: the job's key)."""
    now = now or utcnow()
    return enqueue("exchange.digest", {}, key=f"exchange.digest:{now:%Y-%m-%dT%H}")


def queue_when_due(now=None):
    """The upkeep's look (every minute): the hour's digest job when some learner's digest of
    the current period has not gone; None otherwise (one query)."""
    now = now or utcnow()
    return start(now) if pending(now) else None
