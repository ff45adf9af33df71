"""`flask exchange …`: the digest by hand (the workers' upkeep queues it when due)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

exchange_cli = AppGroup("exchange", help="Exchange between cities: digests.")


@exchange_cli.command("digest")
def digest_command() -> None:
    """Queue the digest job: each learner whose daily or weekly digest is due gets it."""
    from mooc.exchange import digests

    job = digests.start()
    click.echo(f"Digest job {job.id} queued.")
