"""Bring the database to a content tree in one transaction: create, update, archive, restore;
or, as a dry run, do the same and undo it, keeping only the report of what it would do."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from mooc import signals
from mooc.courses.content import history, impact
from mooc.courses.content.apply import Applier
from mooc.courses.content.report import KINDS, STATES, RubricChange, SyncReport
from mooc.courses.content.tree import load_tree
from mooc.courses.models import ContentFile, ContentGeneration
from mooc.extensions import db
from mooc.transactions import insert_once, transaction, undone

__all__ = ["KINDS", "STATES", "Actor", "RubricChange", "SyncReport", "sync_tree"]


@dataclass(frozen=True)
class Actor:
    """Who runs a sync, for its history: a command and a name, or an author's account."""

    command: str = "flask content sync"
    name: str = ""
    user_id: int | None = None


class _Refused(Exception):
    """A `content_syncing` receiver refused the sync."""


def sync_tree(
    root: str,
    iframe_hosts: tuple[str, ...] = (),
    *,
    dry_run: bool = False,
    actor: Actor | None = None,
    expect: str | None = None,
) -> SyncReport:
    """Validate `root`; without errors, write the differences and commit them at once.

    Before the commit, the report's `effects` say what the changes do to learners, and
    `signals.content_syncing` lets other features look at the report (the rows are flushed)
    and refuse it with an error: then nothing is written. A dry run does everything up to the
    commit, then undoes it: the same checks, the same counts, the same effects, no write.
    A sync that changed something is recorded in the history (`ContentSync`). With `expect`,
    a tree whose fingerprint differs (edited since an author looked at it) is not synced
    (`report.stale`)."""
    cache = {row.path: row for row in db.session.scalars(select(ContentFile))}
    tree = load_tree(root, cache, iframe_hosts)
    report = SyncReport(tree, dry_run=dry_run)
    if expect is not None and tree.fingerprint != expect:
        report.stale = True
        return report
    if tree.errors:
        return report
    if dry_run:
        with undone():
            apply(tree, cache, report)
        return report
    try:
        # A savepoint, so that a refusal undoes the writes even inside a caller's transaction.
        with transaction(), db.session.begin_nested():
            apply(tree, cache, report)
            if any(p.is_error for p in report.refusals):
                raise _Refused
            if report.changed:
                history.record(report, actor or Actor(), root)
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


def apply(tree, cache, report: SyncReport) -> None:
    """Write the differences (flushed), find their effects, let other features look."""
    Applier(tree, cache, report).run()
    if report.changed:
        next_generation()
    report.effects = impact.effects(report.before, report)
    signals.send(signals.content_syncing, report=report)
