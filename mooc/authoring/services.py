"""Authors' operations: look at the content folder (a dry run), publish it (a sync)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from mooc.accounts.models import User
from mooc.authoring.errors import AuthoringError
from mooc.courses.content.nodes import CourseNode
from mooc.courses.content.problems import Problem
from mooc.courses.content.sync import Actor, SyncReport, sync_tree


@dataclass
class CourseView:
    """One course of the content folder as the author page lists it."""

    node: CourseNode
    title: str
    problems: list[Problem] = field(default_factory=list)
    effects: list = field(default_factory=list)

    @property
    def errors(self) -> int:
        """How many of its problems block a sync."""
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        """How many of its problems do not."""
        return len(self.problems) - self.errors


@dataclass
class Overview:
    """The dry run of the content folder, per course."""

    report: SyncReport
    courses: list[CourseView]
    other_problems: list[Problem]

    @property
    def can_publish(self) -> bool:
        """No error anywhere and something to change."""
        return not self.report.tree.errors and self.report.changed


def content_root() -> str:
    """The configured content folder."""
    return current_app.config["CONTENT_DIR"]


def hosts() -> tuple[str, ...]:
    """The iframe hosts the deployment allows."""
    return tuple(current_app.config["IFRAME_ALLOWED_HOSTS"])


def overview() -> Overview:
    """A dry run of the content folder (nothing is written), grouped by course."""
    report = sync_tree(content_root(), hosts(), dry_run=True)
    tree = report.tree
    views = []
    placed: set[int] = set()
    for node in tree.courses:
        folder = (node.folder.path if node.folder else f"courses/{node.slug}").rstrip("/") + "/"
        mine = [p for p in tree.sorted_problems() if p.path.startswith(folder)]
        placed.update(id(p) for p in mine)
        title = str(node.file.front_matter.get("title", "") or node.slug)
        effects = [e for e in report.effects if e.course == node.slug]
        views.append(CourseView(node, title, mine, effects))
    others = [p for p in tree.sorted_problems() if id(p) not in placed]
    effects_elsewhere = {e.course for e in report.effects} - {v.node.slug for v in views}
    for slug in sorted(effects_elsewhere):  # a course whose folder is gone
        views.append(
            CourseView(
                CourseNode(slug, "course", None),  # type: ignore[arg-type]
                slug,
                effects=[e for e in report.effects if e.course == slug],
            )
        )
    return Overview(report, views, others)


def publish(user: User, fingerprint: str) -> SyncReport:
    """Sync the content folder, if it is still what the author confirmed (`fingerprint`);
    one transaction, recorded in the history with the author's account."""
    actor = Actor("publish", user.email, user.id)
    report = sync_tree(content_root(), hosts(), actor=actor, expect=fingerprint)
    if report.stale:
        raise AuthoringError("changed")
    if not report.written:
        raise AuthoringError("errors")
    return report
