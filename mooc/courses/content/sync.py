"""Bring the database to a content tree in one transaction: create, update, archive, restore."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from mooc import signals
from mooc.courses.content.problems import Problem
from mooc.courses.content.tree import Tree, load_tree
from mooc.courses.models import ContentFile, Lesson
from mooc.extensions import db
from mooc.transactions import transaction

KINDS = ("course", "module", "lesson", "quiz", "assignment", "reflection", "path")
STATES = ("created", "updated", "restored", "archived", "unchanged")


@dataclass
class RubricChange:
    """What a sync did to one assignment's rubric.

    `structure_changed`: the criteria (ids) or their levels' points differ from the live rows
    before the sync (always true for a new assignment); reordering criteria or rewording
    them is not a change of structure (`wording_changed`)."""

    lesson: Lesson
    created: bool = False
    structure_changed: bool = False
    wording_changed: bool = False


@dataclass
class SyncReport:
    """The tree that was read, and what the sync did per kind of row."""

    tree: Tree
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {k: dict.fromkeys(STATES, 0) for k in KINDS}
    )
    # (course id, assignment id) -> RubricChange, for every assignment of the tree.
    rubrics: dict[tuple[str, str], RubricChange] = field(default_factory=dict)
    # Problems raised by `content_syncing` receivers: an error among them undoes the sync.
    refusals: list[Problem] = field(default_factory=list)
    written: bool = False

    @property
    def changed(self) -> bool:
        """True when anything but `unchanged` was counted."""
        return any(n for c in self.counts.values() for s, n in c.items() if s != "unchanged")

    def rubric_changed(self, course: str, assignment: str) -> bool:
        """Whether the sync changed the structure (levels, points) of that assignment's rubric."""
        change = self.rubrics.get((course, assignment))
        return bool(change and change.structure_changed)

    def refuse(self, problem: Problem) -> None:
        """Called by a receiver of `content_syncing`: an error problem stops the sync."""
        self.refusals.append(problem)
        self.tree.problems.append(problem)


class _Refused(Exception):
    """A `content_syncing` receiver refused the sync."""


def sync_tree(root: str, iframe_hosts: tuple[str, ...] = ()) -> SyncReport:
    """Validate `root`; without errors, write the differences and commit them at once.

    Before the commit, `signals.content_syncing` lets other features look at the report (the
    rows are flushed) and refuse it with an error: then nothing is written."""
    from mooc.courses.content.apply import Applier

    cache = {row.path: row for row in db.session.scalars(select(ContentFile))}
    tree = load_tree(root, cache, iframe_hosts)
    report = SyncReport(tree)
    if tree.errors:
        return report
    try:
        # A savepoint, so that a refusal undoes the writes even inside a caller's transaction.
        with transaction(), db.session.begin_nested():
            Applier(tree, cache, report).run()
            signals.send(signals.content_syncing, report=report)
            if any(p.is_error for p in report.refusals):
                raise _Refused
    except _Refused:
        return report
    report.written = True
    return report


def assign(row: Any, **values: Any) -> bool:
    """Set the attributes that differ; say whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed
