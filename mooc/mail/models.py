"""Who asked for no more mail of a kind (by address: invitations reach people without an
account too)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mooc.clock import utcnow
from mooc.extensions import db


class MailOptOut(db.Model):
    """An address that unsubscribed from one category of mail."""

    __tablename__ = "mail_optouts"
    __table_args__ = (UniqueConstraint("email", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)  # case-folded
    category: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<MailOptOut {self.email} {self.category}>"
