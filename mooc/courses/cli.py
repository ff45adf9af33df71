"""`flask content check` and `flask content sync`."""

from __future__ import annotations

import os
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from mooc.cli import light
from mooc.courses.content.tree import Tree, load_tree

if TYPE_CHECKING:
    from mooc.courses.content.sync import SyncReport

content_cli = click.Group("content", help=str(_l("Check and load the course content.")))

KIND_LABELS = {
    "course": _l("courses"),
    "module": _l("modules"),
    "lesson": _l("lessons"),
    "quiz": _l("quizzes"),
    "assignment": _l("assignments"),
    "reflection": _l("reflections"),
    "path": _l("paths"),
}


def content_dir(directory: str | None) -> tuple[str, str]:
    """The folder to read, and how to print its paths (as typed, or relative to here)."""
    if directory:
        return directory, directory
    configured = current_app.config["CONTENT_DIR"]
    shown = os.path.relpath(configured)
    return configured, configured if shown.startswith("..") else shown


def print_problems(tree: Tree, shown: str) -> None:
    """Every problem, one a line, then a one-line summary."""
    for problem in tree.sorted_problems():
        click.echo(problem.format(shown))
    errors, warnings = len(tree.errors), len(tree.warnings)
    summary = gettext("%(errors)s, %(warnings)s in %(files)s.") % {
        "errors": ngettext("%(num)d error", "%(num)d errors", errors),
        "warnings": ngettext("%(num)d warning", "%(num)d warnings", warnings),
        "files": ngettext("%(num)d file", "%(num)d files", len(tree.files)),
    }
    click.echo(summary, err=bool(errors))


def stored_renderings() -> dict:
    """What the last sync recorded per file (path -> hash, signature, digest), read with one
    Core query: a file whose bytes and links are unchanged is not parsed again, as in a sync,
    so that checking after editing one lesson costs about one lesson. Nothing when the
    database has no content table yet (a fresh checkout before `flask db upgrade`)."""
    import json

    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from mooc.extensions import db

    # Core and the table's name: the models (and their mapping) are not needed to read it.
    query = text("SELECT path, sha256, signature, digest FROM content_files")
    try:
        with db.engine.connect() as connection:
            rows = connection.execute(query).all()
    except SQLAlchemyError:
        return {}
    return {
        row.path: SimpleNamespace(
            sha256=row.sha256,
            signature=row.signature,
            digest=json.loads(row.digest) if isinstance(row.digest, str) else row.digest,
        )
        for row in rows
    }


@light
@content_cli.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@with_appcontext
def check_command(directory: str | None) -> None:
    """Validate a content tree and print every problem; never writes to the database."""
    root, shown = content_dir(directory)
    if not os.path.isdir(root):
        raise click.ClickException(gettext("%(dir)s is not a folder.") % {"dir": shown})
    hosts = tuple(current_app.config["IFRAME_ALLOWED_HOSTS"])
    tree = load_tree(root, stored_renderings(), iframe_hosts=hosts)
    print_problems(tree, shown)
    sys.exit(1 if tree.errors else 0)


@content_cli.command("sync")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@with_appcontext
def sync_command(directory: str | None) -> None:
    """Check the tree and, only without errors, bring the database to it in one transaction."""
    root, shown = content_dir(directory)
    if not os.path.isdir(root):
        raise click.ClickException(gettext("%(dir)s is not a folder.") % {"dir": shown})
    from mooc.courses.content.sync import sync_tree

    report = sync_tree(root, iframe_hosts=tuple(current_app.config["IFRAME_ALLOWED_HOSTS"]))
    print_problems(report.tree, shown)
    if not report.written:
        click.echo(
            gettext("Nothing was changed: fix the errors above and run the sync again."), err=True
        )
        sys.exit(1)
    for line in describe(report):
        click.echo(line)


def describe(report: SyncReport) -> list[str]:
    """`3 lessons created, 1 updated, 1 archived, 40 unchanged`, one line per kind."""
    from mooc.courses.content.sync import KINDS

    lines = []
    for kind in KINDS:
        counts = report.counts[kind]
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


@content_cli.command("offline")
@click.option("--course", "slugs", multiple=True, help="Course id (default: every course).")
@with_appcontext
def offline_command(slugs: tuple[str, ...]) -> None:
    """Render the offline PDF copies of the courses in each of their languages ahead of time
    (otherwise the first learner to ask for one waits while it renders)."""
    from mooc.courses import offline, outlines

    for entry in outlines.catalogue("en"):
        course = entry["course"]
        if slugs and course.slug not in slugs:
            continue
        for locale in course.languages or [course.language]:
            with current_app.test_request_context("/"):
                outline = outlines.course_outline(course.slug, locale)
                click.echo(f"{course.slug} ({locale}): {offline.offline_pdf(outline, locale)}")
