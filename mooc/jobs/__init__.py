"""Work that outgrows a request: a job queue (Huey) with its state in the database.

A job is a row of `jobs` (kind, parameters, progress, result, status) and a message on the
queue naming it. Features declare what a kind of job does in their `jobs.py` with `@handler`,
and start one from a service with `enqueue` (queued when the operation commits, never when it
rolls back). See `docs/architecture.md`, section "Jobs"."""

from mooc.jobs.registry import JobContext, handler, remove_stale_parts, upkeep
from mooc.jobs.services import enqueue, enqueue_many, new_key, run_foreground

__all__ = [
    "JobContext",
    "enqueue",
    "enqueue_many",
    "handler",
    "remove_stale_parts",
    "new_key",
    "run_foreground",
    "upkeep",
]
