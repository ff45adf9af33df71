"""What a content sync did: counts per kind of row, rubric changes, refusals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mooc.courses.content.problems import Problem
from mooc.courses.content.tree import Tree
from mooc.courses.models import Lesson

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
class QuizChange:
    """What a sync did to one existing quiz's questions: `key_changed` when a question came or
    went or its kind, number of options or correct answers changed; `wording_changed` when
    only texts did (a question's title, options' labels, feedback, explanation)."""

    lesson: Lesson
    key_changed: bool = False
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
    # (course id, quiz id) -> QuizChange, for the quizzes that existed before the sync.
    quizzes: dict[tuple[str, str], QuizChange] = field(default_factory=dict)
    # What the changes do to learners (`mooc.courses.content.impact.Effect`), found before the
    # sync commits (or, in a dry run, before it is undone).
    effects: list = field(default_factory=list)
    before: Any = None  # the structure before the sync wrote (`impact.Snapshot`)
    dry_run: bool = False
    stale: bool = False  # not synced: the tree is not the one the author confirmed
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
