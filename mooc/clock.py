"""Time as the database stores it."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC, as every `*_at` column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)
