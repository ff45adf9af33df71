"""The words of a sync's outcome, for the command line and the author pages alike: counts
per kind, a history row on one line, a git commit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

if TYPE_CHECKING:
    from mooc.courses.content.report import SyncReport

KIND_LABELS = {
    "course": _l("courses"),
    "module": _l("modules"),
    "lesson": _l("lessons"),
    "quiz": _l("quizzes"),
    "assignment": _l("assignments"),
    "reflection": _l("reflections"),
    "path": _l("paths"),
}


def summary(counts: dict) -> str:
    """`2 lessons created, 1 quizzes updated` from a sync's counts (kinds that changed only)."""
    parts = []
    for kind in KIND_LABELS:
        states = counts.get(kind, {})
        for state in ("created", "updated", "restored", "archived"):
            if states.get(state):
                parts.append(
                    STATE_LABELS[state] % {"num": states[state], "kind": KIND_LABELS[kind]}
                )
    return ", ".join(parts) or gettext("nothing changed")


def commit_label(commit: str | None, dirty: bool) -> str:
    """`commit 1a2b3c4d` (with uncommitted changes), or `not a git working copy`."""
    if not commit:
        return gettext("not a git working copy")
    label = gettext("commit %(commit)s") % {"commit": commit[:10]}
    return label + (" " + gettext("(with uncommitted changes)") if dirty else "")


STATE_LABELS = {
    "created": _l("%(num)d %(kind)s created"),
    "updated": _l("%(num)d %(kind)s updated"),
    "restored": _l("%(num)d %(kind)s restored"),
    "archived": _l("%(num)d %(kind)s archived"),
}


def describe(report: SyncReport) -> list[str]:
    """`3 lessons created, 1 updated, 1 archived, 40 unchanged`, one line per kind."""
    lines = []
    for kind, counts in report.counts.items():
        if not any(counts.values()):
            continue
        parts = [
            gettext("%(num)d %(kind)s created")
            % {"num": counts["created"], "kind": KIND_LABELS[kind]},
            gettext("%(num)d updated") % {"num": counts["updated"]},
        ]
        if counts["restored"]:
            parts.append(gettext("%(num)d restored") % {"num": counts["restored"]})
        parts.append(gettext("%(num)d archived") % {"num": counts["archived"]})
        parts.append(gettext("%(num)d unchanged") % {"num": counts["unchanged"]})
        lines.append(", ".join(parts))
    if not report.changed:
        lines.append(gettext("Nothing changed."))
    return lines
