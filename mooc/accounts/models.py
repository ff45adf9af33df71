"""Users and their personal API tokens."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mooc.cities.models import MemberCity
from mooc.clock import utcnow
from mooc.extensions import db

ROLES = ("learner", "trainer", "author", "admin")


class User(UserMixin, db.Model):
    """A person with an account; `session_version` invalidates old sessions when bumped."""

    __tablename__ = "users"
    # A cohort's learners by name, a page at a time: the index walk stops after a page of
    # members instead of sorting every member of the cohort (`cohorts.learners.ordering`).
    __table_args__ = (Index("ix_users_display_name_id", "display_name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored case-folded
    password_hash: Mapped[str] = mapped_column(String(300))
    display_name: Mapped[str] = mapped_column(String(200))
    certificate_name: Mapped[str] = mapped_column(String(200))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("member_cities.id"), default=None)
    language: Mapped[str] = mapped_column(String(10), default="en")
    role: Mapped[str] = mapped_column(String(20), default="learner")
    session_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    city: Mapped[MemberCity | None] = relationship()

    def get_id(self) -> str:
        """Session id: user id and session version, so that bumping the version signs out."""
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: str) -> bool:
        """True when the user has one of `roles` (admins have every role)."""
        return self.role in roles or self.role == "admin"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class ApiToken(db.Model):
    """A personal API token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} user={self.user_id}>"


class TrainerCity(db.Model):
    """A member city a trainer works for, set by an admin: she creates cohorts for it only."""

    __tablename__ = "trainer_cities"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("member_cities.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<TrainerCity user={self.user_id} city={self.city_id}>"
