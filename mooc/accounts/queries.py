"""Accounts, read: finding a user by email, whatever its case."""

from __future__ import annotations

from sqlalchemy import select

from mooc.accounts.models import User
from mooc.extensions import db


def normalize_email(email: str) -> str:
    """Emails are compared and stored case-folded and trimmed."""
    return email.strip().casefold()


def find_user(email: str) -> User | None:
    """The user with this email, whatever its case."""
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))
