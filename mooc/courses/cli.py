"""`flask content check` and `flask content sync`."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from types import SimpleNamespace

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from mooc.cli import light
from mooc.courses.content.summary import describe
from mooc.courses.content.tree import Tree, load_tree

content_cli = click.Group("content", help=str(_l("Check and load the course content.")))


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

    # Core and the table's name: neither the models nor Flask-SQLAlchemy are needed to read it.
    query = text("SELECT path, sha256, signature, digest FROM content_files")
    try:
        with core_engine() as engine, engine.connect() as connection:
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


@contextmanager
def core_engine():
    """The app's engine when the app is set up (a test, a page); otherwise (the light `flask
    content check`) an engine of SQLAlchemy Core on the same URL, for this one read."""
    if "sqlalchemy" in current_app.extensions:
        from mooc.extensions import db

        yield db.engine
        return
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(current_app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


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
@click.option(
    "--dry-run",
    is_flag=True,
    help=str(_l("Print what a sync would change and whom it affects; change nothing.")),
)
@with_appcontext
def sync_command(directory: str | None, dry_run: bool) -> None:
    """Check the tree and, only without errors, bring the database to it in one transaction."""
    root, shown = content_dir(directory)
    if not os.path.isdir(root):
        raise click.ClickException(gettext("%(dir)s is not a folder.") % {"dir": shown})
    import getpass

    from mooc.courses.content.impact import describe as describe_effects
    from mooc.courses.content.sync import Actor, sync_tree

    actor = Actor("flask content sync", getpass.getuser())
    hosts = tuple(current_app.config["IFRAME_ALLOWED_HOSTS"])
    report = sync_tree(root, iframe_hosts=hosts, dry_run=dry_run, actor=actor)
    print_problems(report.tree, shown)
    if report.tree.errors:  # a refusal of a `content_syncing` receiver is one of them
        click.echo(
            gettext("Nothing was changed: fix the errors above and run the sync again."), err=True
        )
        sys.exit(1)
    if dry_run:
        click.echo(gettext("Dry run: a sync would do this (nothing was changed)."))
    for line in describe(report):
        click.echo(line)
    if report.effects:
        click.echo(gettext("What it does to learners:"))
        for line in describe_effects(report.effects):
            click.echo(f"  {line}")
    elif report.changed:
        click.echo(gettext("No learner is affected."))


@content_cli.command("history")
@click.option("--limit", default=20, show_default=True, help=str(_l("How many syncs to show.")))
@with_appcontext
def history_command(limit: int) -> None:
    """Print the last syncs: when, who, what changed, from which git commit."""
    from mooc.courses.content.history import history_lines, recent

    for line in history_lines(recent(limit)):
        click.echo(line)


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
