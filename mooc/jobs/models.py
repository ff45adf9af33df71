"""A job: what to do, how far it got, what it produced."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mooc.clock import utcnow
from mooc.extensions import db

STATUSES = ("queued", "running", "done", "failed", "expired")


class Job(db.Model):
    """One piece of background work; `key` makes asking twice for the same work one job."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(100), default="", index=True)  # "cohort:12"
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None, index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    outcome: Mapped[str] = mapped_column(Text, default="")  # what it did, or its last error
    result_file: Mapped[str | None] = mapped_column(String(500), default=None)
    result_name: Mapped[str] = mapped_column(String(200), default="")
    result_type: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)  # when it is due (retries)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    heartbeat_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def active(self) -> bool:
        """Queued or running: its page keeps refreshing."""
        return self.status in ("queued", "running")

    @property
    def percent(self) -> float:
        """Progress, 0 to 1 (0 while the total is unknown)."""
        return min(1.0, self.done / self.total) if self.total else 0.0

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.status}>"
