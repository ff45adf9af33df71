"""The history of content syncs: who ran each, when, what it changed, from which commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from mooc.clock import utcnow
from mooc.extensions import db


class ContentSync(db.Model):
    """One sync that changed the database (a sync that changes nothing leaves no row).

    `user_id` is the author who pressed "publish" (None from the command line); `command` says
    how it ran (`flask content sync`, `publish`) and `actor` who ran it (the account's email,
    or the operating system's user name for the CLI). `counts` is the sync report per kind and
    state; `impact` the plain sentences the dry run showed about learners; `git_commit` the
    content folder's HEAD when it is a git working copy (`dirty`: with uncommitted edits)."""

    __tablename__ = "content_syncs"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    command: Mapped[str] = mapped_column(String(50))
    actor: Mapped[str] = mapped_column(String(254), default="")
    directory: Mapped[str] = mapped_column(String(500), default="")
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    impact: Mapped[list[str]] = mapped_column(JSON, default=list)
    git_commit: Mapped[str | None] = mapped_column(String(64), default=None)
    dirty: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<ContentSync {self.id} {self.command} {self.created_at:%Y-%m-%d %H:%M}>"
