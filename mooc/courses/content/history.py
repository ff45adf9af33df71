"""The history of syncs: one `ContentSync` row per sync that changed the database, with the
content folder's git commit when the folder is in a git working copy."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

from flask_babel import format_datetime, gettext
from sqlalchemy import select

from mooc.courses.content.impact import Effect
from mooc.courses.content.summary import commit_label, summary
from mooc.courses.models import ContentSync
from mooc.extensions import db

if TYPE_CHECKING:
    from mooc.courses.content.report import SyncReport
    from mooc.courses.content.sync import Actor


def record(report: SyncReport, actor: Actor, root: str) -> ContentSync:
    """Add the history row of a sync (in its transaction)."""
    commit, dirty = git_state(root)
    row = ContentSync(
        user_id=actor.user_id,
        command=actor.command,
        actor=actor.name[:254],
        directory=root[-500:],
        counts={kind: dict(states) for kind, states in report.counts.items()},
        impact=[effect.to_json() for effect in report.effects],
        git_commit=commit,
        dirty=dirty,
    )
    db.session.add(row)
    return row


def git_state(root: str) -> tuple[str | None, bool]:
    """The HEAD commit of the git working copy `root` is in, and whether the folder has
    uncommitted changes; (None, False) outside git (or without git installed)."""
    try:
        head = subprocess.run(
            ["git", "-C", root, "rev-parse", "--verify", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        if head.returncode != 0:
            return None, False
        status = subprocess.run(
            ["git", "-C", root, "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None, False
    return head.stdout.strip() or None, bool(status.stdout.strip())


def recent(limit: int = 50) -> list[ContentSync]:
    """The last syncs, newest first."""
    query = select(ContentSync).order_by(ContentSync.created_at.desc(), ContentSync.id.desc())
    return list(db.session.scalars(query.limit(limit)))


def history_lines(rows) -> list[str]:
    """Each sync on a line, its effects indented under it."""
    if not rows:
        return [gettext("No sync has changed the database yet.")]
    lines = []
    for row in rows:
        lines.append(
            gettext("%(when)s · %(command)s by %(actor)s · %(summary)s · %(commit)s")
            % {
                "when": format_datetime(row.created_at, "yyyy-MM-dd HH:mm"),
                "command": row.command,
                "actor": row.actor or "?",
                "summary": summary(row.counts),
                "commit": commit_label(row.git_commit, row.dirty),
            }
        )
        for data in row.impact:
            lines.append(f"    {Effect.from_json(data).heading}")
    return lines
