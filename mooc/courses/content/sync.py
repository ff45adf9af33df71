"""Bring the database to a content tree in one transaction: create, update, archive, restore."""

from __future__ import annotations

from sqlalchemy import select, update

from mooc import signals
from mooc.courses.content.apply import Applier
from mooc.courses.content.report import KINDS, STATES, RubricChange, SyncReport
from mooc.courses.content.tree import load_tree
from mooc.courses.models import ContentFile, ContentGeneration
from mooc.extensions import db
from mooc.transactions import insert_once, transaction

__all__ = ["KINDS", "STATES", "RubricChange", "SyncReport", "sync_tree"]


class _Refused(Exception):
    """A `content_syncing` receiver refused the sync."""


def sync_tree(root: str, iframe_hosts: tuple[str, ...] = ()) -> SyncReport:
    """Validate `root`; without errors, write the differences and commit them at once.

    Before the commit, `signals.content_syncing` lets other features look at the report (the
    rows are flushed) and refuse it with an error: then nothing is written."""
    cache = {row.path: row for row in db.session.scalars(select(ContentFile))}
    tree = load_tree(root, cache, iframe_hosts)
    report = SyncReport(tree)
    if tree.errors:
        return report
    try:
        # A savepoint, so that a refusal undoes the writes even inside a caller's transaction.
        with transaction(), db.session.begin_nested():
            Applier(tree, cache, report).run()
            if report.changed:
                next_generation()
            signals.send(signals.content_syncing, report=report)
            if any(p.is_error for p in report.refusals):
                raise _Refused
    except _Refused:
        return report
    report.written = True
    return report


def next_generation() -> None:
    """Increment the content generation (the key of the catalogue's caches, see
    `outlines.generation`) in the sync's transaction: every worker sees the change at once."""
    bumped = db.session.execute(
        update(ContentGeneration)
        .where(ContentGeneration.id == 1)
        .values(generation=ContentGeneration.generation + 1)
    )
    if not bumped.rowcount:
        insert_once(ContentGeneration, {"id": 1, "generation": 1})
