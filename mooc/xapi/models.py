"""The outbox of xAPI statements, and the one sender's state (its lease, back-off, last error)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mooc.clock import utcnow
from mooc.extensions import db

STATUSES = ("pending", "sent", "rejected")


class Statement(db.Model):
    """One xAPI statement, written in the transaction of the event it records; its `id` is the
    order in which statements leave (per learner and overall)."""

    __tablename__ = "xapi_statements"
    __table_args__ = (Index("ix_xapi_statements_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)  # the statement's own id
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, default=None)
    verb: Mapped[str] = mapped_column(String(40))  # our short name: completed, attempted …
    statement: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)

    def __repr__(self) -> str:
        return f"<Statement {self.id} {self.verb} {self.status}>"


class Sender(db.Model):
    """The single row that lets one worker send at a time (order is kept that way), and what
    the admin page shows: when the LRS last failed, why, and when the next attempt is due."""

    __tablename__ = "xapi_sender"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    failures: Mapped[int] = mapped_column(default=0)  # in a row; 0 once a batch goes through
    retry_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_error_at: Mapped[datetime | None] = mapped_column(default=None)
    last_sent_at: Mapped[datetime | None] = mapped_column(default=None)

    def __repr__(self) -> str:
        return f"<Sender failures={self.failures} retry_at={self.retry_at}>"
