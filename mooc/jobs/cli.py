"""`flask worker`: run the jobs of the queue until stopped."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--threads", type=click.IntRange(1, 64), default=None, help="Jobs at a time.")
@click.option("--no-periodic", is_flag=True, help="Leave the upkeep to other workers.")
@with_appcontext
def worker_command(threads: int | None, no_periodic: bool) -> None:
    """Run queued jobs (mail, certificates, reports) until stopped (Ctrl-C or SIGTERM).

    Start as many workers as you like, on any machine that shares the database, the queue
    (MOOC_JOBS_URL) and the file storage. A worker killed halfway leaves its job to the others."""
    from mooc.jobs.queue import consumer, storage_of

    app = current_app._get_current_object()
    app.ready()
    if app.config.get("JOBS_IMMEDIATE"):
        raise click.ClickException("MOOC_JOBS_IMMEDIATE is set: jobs run where they are queued.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    kind, where = storage_of(app)
    click.echo(f"worker: {kind} queue {app.config['JOBS_QUEUE']!r} {where}".rstrip(), err=True)
    consumer(app, threads or app.config["JOBS_THREADS"], periodic=not no_periodic).run()
