"""Running a job in a worker: claim it (one worker only), run its handler in an application
context, record the result, or schedule a retry with a growing delay; and the upkeep that
takes over jobs whose worker died and removes expired results."""

from __future__ import annotations

import json
import logging
import os
from datetime import timedelta

from flask import Flask
from sqlalchemy import and_, delete, or_, select, update

from mooc.clock import utcnow
from mooc.extensions import db
from mooc.jobs.models import Job
from mooc.jobs.registry import HANDLERS, UPKEEP, JobContext
from mooc.transactions import transaction

log = logging.getLogger(__name__)


class Retry(Exception):
    """The job failed and runs again in `delay` seconds."""

    def __init__(self, delay: float):
        super().__init__(delay)
        self.delay = delay


def execute(app: Flask, job_id: int) -> None:
    """Run one job if this worker can claim it; a duplicate message finds it taken or done."""
    with app.app_context():
        job = claim(app, job_id)
        if job is None:
            return
        context = JobContext(job.id, job.kind, dict(job.params), job.done, job.total, job.attempts)
        try:
            work = HANDLERS.get(job.kind)
            if work is None:
                raise LookupError(f"no handler for jobs of kind {job.kind!r}")
            work(context)
        except Exception as error:
            db.session.rollback()
            log.exception("job %s (%s) failed, attempt %s", job.id, job.kind, job.attempts)
            delay = failed(app, job.id, error)
            if delay is not None:
                raise Retry(delay) from None
            return
        finish(app, job.id, context)


def claim(app: Flask, job_id: int) -> Job | None:
    """Mark the job running for this worker: a queued job, or a running one whose worker has
    given no news for a lease (it died). One statement: two workers never both get it."""
    now = utcnow()
    stale = now - timedelta(seconds=app.config["JOBS_LEASE"])
    with transaction():
        taken = db.session.execute(
            update(Job)
            .where(
                Job.id == job_id,
                or_(
                    Job.status == "queued",
                    and_(Job.status == "running", Job.heartbeat_at < stale),
                ),
            )
            .values(status="running", attempts=Job.attempts + 1, heartbeat_at=now, started_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
    if not taken:
        return None
    job = db.session.get(Job, job_id, populate_existing=True)
    return job


def finish(app: Flask, job_id: int, context: JobContext) -> None:
    """Done: the outcome, the result file and when it expires."""
    now = utcnow()
    with transaction():
        job = db.session.get(Job, job_id, populate_existing=True)
        job.status, job.finished_at = "done", now
        job.outcome = json.dumps(context.report) if context.report else ""
        job.done, job.total = context.done, context.total
        if context.result:
            job.result_file = context.result["file"]
            job.result_name = context.result["name"]
            job.result_type = context.result["type"]
            job.expires_at = now + timedelta(hours=app.config["JOBS_RESULT_HOURS"])


def failed(app: Flask, job_id: int, error: Exception) -> float | None:
    """Record the failure; the delay before the next attempt, or None when it was the last."""
    with transaction():
        job = db.session.get(Job, job_id, populate_existing=True)
        job.outcome = f"{type(error).__name__}: {error}"[:2000]
        if job.attempts >= app.config["JOBS_ATTEMPTS"]:
            job.status, job.finished_at = "failed", utcnow()
            return None
        delay = app.config["JOBS_RETRY_DELAY"] * 2 ** (job.attempts - 1)
        job.status, job.queued_at = "queued", utcnow() + timedelta(seconds=delay)
        return delay


def maintain(app: Flask) -> None:
    """The upkeep (every `JOBS_UPKEEP_SECONDS`, and when a worker starts): queue again the jobs
    whose worker died or whose message was lost, expire old results, forget old jobs."""
    from mooc.jobs.queue import push

    with app.app_context():
        now = utcnow()
        lease = timedelta(seconds=app.config["JOBS_LEASE"])
        with transaction():
            stuck = list(
                db.session.scalars(
                    select(Job.id).where(
                        or_(
                            and_(Job.status == "running", Job.heartbeat_at < now - lease),
                            and_(Job.status == "queued", Job.queued_at < now - lease),
                        )
                    )
                )
            )
            if stuck:
                db.session.execute(
                    update(Job)
                    .where(Job.id.in_(stuck), Job.status == "queued")
                    .values(queued_at=now)
                    .execution_options(synchronize_session=False)
                )
        for job_id in stuck:
            log.warning("job %s had no news for %s: queued again", job_id, lease)
            push(app, job_id)
        expire(app, now)
        for task in UPKEEP:
            try:
                task()
            except Exception:  # one feature's upkeep never stops the others'
                db.session.rollback()
                log.exception("upkeep %s failed", task.__name__)


def expire(app: Flask, now) -> None:
    """Delete result files past their time, and jobs older than `JOBS_KEEP_DAYS`."""
    with transaction():
        expired = list(
            db.session.execute(
                select(Job.id, Job.result_file).where(Job.status == "done", Job.expires_at < now)
            )
        )
        for _job_id, path in expired:
            if path and os.path.exists(path):
                os.remove(path)
        if expired:
            db.session.execute(
                update(Job)
                .where(Job.id.in_([job_id for job_id, _path in expired]))
                .values(status="expired", result_file=None)
                .execution_options(synchronize_session=False)
            )
        old = now - timedelta(days=app.config["JOBS_KEEP_DAYS"])
        db.session.execute(
            delete(Job)
            .where(Job.status.in_(("done", "failed", "expired")), Job.finished_at < old)
            .execution_options(synchronize_session=False)
        )
