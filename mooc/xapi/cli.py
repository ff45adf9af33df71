"""`flask xapi replay --since DATE`, `flask xapi send` and `flask xapi status`."""

from __future__ import annotations

import sys
from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from mooc.jobs import run_foreground
from mooc.xapi import queries, services

xapi_cli = click.Group("xapi", help=str(_l("xAPI learning records: the outbox and the LRS.")))


def _need_lrs() -> None:
    if not current_app.config.get("LRS_URL"):
        click.echo(gettext("No LRS is configured: set MOOC_LRS_URL."), err=True)
        sys.exit(1)


def _send() -> None:
    report = run_foreground("xapi.send", {}).report
    click.echo(
        gettext("Sent %(sent)s, refused %(rejected)s, failures %(failures)s.")
        % {key: report.get(key, 0) for key in ("sent", "rejected", "failures")}
    )
    if report.get("error"):
        click.echo(gettext("The LRS failed: %(error)s") % {"error": report["error"]}, err=True)
        sys.exit(1)


@xapi_cli.command("replay")
@click.option(
    "--since",
    "since",
    required=True,
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]),
    help="Re-send the statements recorded since this date (UTC).",
)
@click.option("--queue", "queued", is_flag=True, help="Leave the sending to the workers.")
@with_appcontext
def replay_command(since: datetime, queued: bool) -> None:
    """Send again, in their order, the statements recorded since DATE (the LRS keeps one copy
    of each statement id): after restoring an LRS, or moving to another."""
    _need_lrs()
    marked = services.replay(since, start=queued)
    click.echo(gettext("%(count)s statements to send again.") % {"count": marked})
    if not queued:
        _send()


@xapi_cli.command("send")
@with_appcontext
def send_command() -> None:
    """Send the pending statements now, without waiting for the back-off."""
    _need_lrs()
    services.retry_now(start=False)
    _send()


@xapi_cli.command("status")
@with_appcontext
def status_command() -> None:
    """The outbox's state: pending, failing, sent, refused, and the last error."""
    state = queries.outbox_state()
    click.echo(
        gettext("pending %(pending)s, failing %(failing)s, sent %(sent)s, refused %(rejected)s")
        % vars(state)
    )
    if state.sender is not None and state.sender.last_error:
        click.echo(gettext("Last error: %(error)s") % {"error": state.sender.last_error})
