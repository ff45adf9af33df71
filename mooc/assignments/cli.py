"""`flask assignments …`: upkeep of peer review."""

from __future__ import annotations

import click

from mooc.assignments import services

assignments_cli = click.Group("assignments", help="Peer review of assignments.")


@assignments_cli.command("expire")
def expire_command() -> None:
    """Give reviews not done by their due date to other reviewers (run it daily)."""
    count = services.expire_all()
    click.echo(f"{count} reviews expired and given out again.")
