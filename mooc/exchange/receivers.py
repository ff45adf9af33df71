"""Exchange receivers: at sign-in, her unread count is read once, so that pages show it in the
header without a query of their own (refreshed every `EXCHANGE_UNREAD_SECONDS`)."""

from __future__ import annotations

from flask import current_app, session
from flask_login import user_logged_in

from mooc.clock import utcnow
from mooc.exchange import queries


@user_logged_in.connect
def remember_unread(sender, user, **extra) -> None:
    """Keep her unread count in the session, with the time it was read."""
    session["exchange_unread"] = [user.id, queries.unread_count(user.id), stamp()]


def stamp() -> int:
    return int(utcnow().timestamp())


def fresh(cached) -> bool:
    """True while a cached count is recent enough to show."""
    seconds = current_app.config.get("EXCHANGE_UNREAD_SECONDS", 120)
    return stamp() - cached[2] < seconds
