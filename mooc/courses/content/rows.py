"""Helpers of the sync's writes: compare and set attributes, load existing rows by parent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import load_only

from mooc.extensions import db


def assign(row: Any, **values: Any) -> bool:
    """Set the attributes that differ; say whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def texts_of(model: type, parent: str) -> dict[int, dict[str, Any]]:
    """Existing translation rows by parent id, then locale, without their long texts."""
    columns = (model.id, getattr(model, parent), model.locale, model.archived_at)
    found: dict[int, dict[str, Any]] = {}
    for row in db.session.scalars(select(model).options(load_only(*columns))):
        found.setdefault(getattr(row, parent), {})[row.locale] = row
    return found


def by_parent(rows: dict[tuple[int, str], Any]) -> dict[int, list[Any]]:
    """Rows keyed by (parent id, slug), grouped by parent id."""
    grouped: dict[int, list[Any]] = {}
    for (parent_id, _slug), row in rows.items():
        grouped.setdefault(parent_id, []).append(row)
    return grouped
