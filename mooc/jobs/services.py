"""Starting jobs and recording their progress: each a transaction of its own (or of the
operation that starts the job, which queues it only once it commits)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from mooc.clock import utcnow
from mooc.extensions import db
from mooc.jobs.models import Job
from mooc.jobs.registry import HANDLERS, JobContext
from mooc.transactions import insert_once, insert_rows, on_commit, transactional


def new_key(kind: str) -> str:
    """A key no other job has: for work that is new each time it is asked for."""
    return f"{kind}:{uuid.uuid4().hex}"


@transactional
def enqueue(
    kind: str,
    params: dict[str, Any] | None = None,
    *,
    key: str | None = None,
    subject: str = "",
    owner_id: int | None = None,
    total: int = 0,
) -> Job:
    """Start a job of `kind` with `params` (JSON): it is queued once the current operation
    commits, and never if it rolls back. A `key` already used returns that job instead (the
    same work asked for twice is done once); without one, every call is a new job."""
    job = Job(
        key=key or new_key(kind),
        kind=kind,
        subject=subject,
        params=params or {},
        owner_id=owner_id,
        total=total,
    )
    if not insert_once(job):
        # As it stands now (a copy this session holds may be older than a worker's update).
        found = select(Job).where(Job.key == job.key).execution_options(populate_existing=True)
        return db.session.scalar(found)
    app = current_app._get_current_object()
    job_id = job.id  # read now: after the commit, reading the object may start a transaction
    on_commit(lambda: _push(app, [job_id]))
    return job


@transactional
def enqueue_many(
    kind: str, batch: Iterable[tuple[str, dict[str, Any]]], *, subject: str = "", total: int = 0
) -> list[int]:
    """Many jobs of `kind` from (key, params) pairs, in two statements whatever their number;
    keys already used are skipped. Returns the ids of the batch's jobs (new or not)."""
    rows = [
        {"key": key, "kind": kind, "subject": subject, "params": params, "total": total}
        for key, params in batch
    ]
    if not rows:
        return []
    now = utcnow()
    for row in rows:
        row.update(created_at=now, queued_at=now, status="queued", done=0, attempts=0)
        row.update(outcome="", result_name="", result_type="")
    insert_rows(Job, rows)
    keys = [row["key"] for row in rows]
    found = db.session.execute(select(Job.id, Job.status).where(Job.key.in_(keys))).all()
    ids = [job_id for job_id, _status in found]
    fresh = [job_id for job_id, status in found if status == "queued"]
    app = current_app._get_current_object()
    on_commit(lambda: _push(app, fresh))
    return ids


def _push(app, ids: list[int]) -> None:
    from mooc.jobs.queue import push

    for job_id in ids:
        push(app, job_id)
    if app.config.get("JOBS_IMMEDIATE") and ids:
        # The jobs ran here, in sessions of their own: what this one holds may be stale now
        # (in production the next request has a fresh session anyway).
        db.session.expire_all()


@transactional
def record_progress(job_id: int, done: int, total: int) -> None:
    """How far a job got, and a heartbeat (its lease goes on)."""
    db.session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(done=done, total=total, heartbeat_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def run_foreground(
    kind: str, params: dict[str, Any], progress: Callable[[int, int], None] | None = None
) -> JobContext:
    """Do the work of a job here and now (the CLI, with its progress bar): the same handler,
    no queue and no row; returns the context (its outcome and result)."""
    context = JobContext(None, kind, params, on_progress=progress)
    HANDLERS[kind](context)
    return context


def visible_job(user, job_id: int) -> Job | None:
    """The job if `user` started it (or is an admin); None otherwise, as for an unknown id."""
    job = db.session.get(Job, job_id)
    if job is None or not user.is_authenticated:
        return None
    if job.owner_id != user.id and user.role != "admin":
        return None
    return job
