"""The outbox's state, as the admin page and `flask xapi status` show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import case, func, select

from mooc.extensions import db
from mooc.xapi.models import Sender, Statement

RECENT = 20


@dataclass
class OutboxState:
    """Counts by state, the oldest waiting statement, the sender's last error and back-off."""

    enabled: bool
    lrs: str  # the LRS's address, without credentials
    pending: int = 0
    failing: int = 0  # pending, and tried at least once
    sent: int = 0
    rejected: int = 0
    oldest_pending_at: datetime | None = None
    sender: Sender | None = None
    problems: list[Statement] = field(default_factory=list)  # failing or rejected, newest first


def lrs_address() -> str:
    """MOOC_LRS_URL without a user or password it might carry."""
    url = current_app.config.get("LRS_URL") or ""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        return parts._replace(netloc=netloc).geturl()
    return url


def outbox_state() -> OutboxState:
    """Everything the admin page shows, in three queries."""
    state = OutboxState(enabled=bool(current_app.config.get("LRS_URL")), lrs=lrs_address())
    pending = Statement.status == "pending"
    row = db.session.execute(
        select(
            func.count(case((pending, 1))),
            func.count(case(((pending & (Statement.attempts > 0)), 1))),
            func.count(case((Statement.status == "sent", 1))),
            func.count(case((Statement.status == "rejected", 1))),
            func.min(case((pending, Statement.created_at))),
        )
    ).one()
    state.pending, state.failing, state.sent, state.rejected, state.oldest_pending_at = row
    state.sender = db.session.get(Sender, 1)
    state.problems = list(
        db.session.scalars(
            select(Statement)
            .where((Statement.status == "rejected") | (pending & (Statement.attempts > 0)))
            .order_by(Statement.id.desc())
            .limit(RECENT)
        )
    )
    return state
