"""The queue engine (Huey) for one app: storage from `MOOC_JOBS_URL`, the one task that runs
a job by its id, and the periodic upkeep. Huey is imported when the first job is queued or
a worker starts, never at start-up."""

from __future__ import annotations

import logging
import os
import threading

from flask import Flask

log = logging.getLogger(__name__)
_LOCK = threading.Lock()


def queue(app: Flask):
    """The app's Huey instance (made once)."""
    huey = app.extensions.get("mooc_huey")
    if huey is None:
        with _LOCK:
            huey = app.extensions.get("mooc_huey")
            if huey is None:
                huey = app.extensions["mooc_huey"] = make_queue(app)
    return huey


def storage_of(app: Flask) -> tuple[str, str]:
    """(`sqlite`, file) | (`redis`, url) | (`memory`, ``) from `JOBS_URL`."""
    url = app.config.get("JOBS_URL") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return "redis", url
    if url.startswith("memory:"):
        return "memory", ""
    if url.startswith("sqlite:///"):
        return "sqlite", url[len("sqlite:///") :]
    if url:
        raise ValueError(
            f"MOOC_JOBS_URL: unknown storage {url!r} (redis://, sqlite:///, memory://)"
        )
    return "sqlite", os.path.join(app.instance_path, "jobs.sqlite3")


def make_queue(app: Flask):
    """A Huey instance on the configured storage, with the job task and the upkeep."""
    from huey import MemoryHuey, RedisHuey, SqliteHuey
    from huey.exceptions import RetryTask

    kind, where = storage_of(app)
    name = app.config["JOBS_QUEUE"]
    options = {"results": False, "utc": True}
    if kind == "redis":
        huey = RedisHuey(name, url=where, **options)
    elif kind == "memory":
        huey = MemoryHuey(name, **options)
    else:
        os.makedirs(os.path.dirname(where) or ".", exist_ok=True)
        huey = SqliteHuey(name, filename=where, **options)
    huey.immediate = bool(app.config.get("JOBS_IMMEDIATE"))

    @huey.task(name="run_job")
    def run_job(job_id: int) -> None:
        from mooc.jobs.runner import Retry, execute

        try:
            execute(app, job_id)
        except Retry as retry:
            raise RetryTask(delay=retry.delay) from None

    # At every look of the consumer's scheduler for periodic work: each JOBS_UPKEEP_SECONDS
    # (see `consumer`), not on a crontab, whose finest step is a minute.
    @huey.periodic_task(lambda _now: True, name="upkeep")
    def upkeep() -> None:
        from mooc.jobs.runner import maintain

        maintain(app)

    @huey.on_startup(name="recover")
    def recover_on_start() -> None:
        from mooc.jobs.runner import maintain

        maintain(app)

    huey.mooc_run_job = run_job
    return huey


def consumer(app: Flask, workers: int, periodic: bool = True):
    """A Huey consumer (thread workers) whose scheduler runs the upkeep every
    `JOBS_UPKEEP_SECONDS` (Huey's own scheduler looks once a minute)."""
    from huey.consumer import Consumer, Scheduler

    seconds = app.config["JOBS_UPKEEP_SECONDS"]
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 1:
        raise ValueError(f"MOOC_JOBS_UPKEEP_SECONDS: a number of seconds, 1 or more: {seconds!r}")

    class UpkeepScheduler(Scheduler):
        periodic_task_seconds = seconds

    class UpkeepConsumer(Consumer):
        scheduler_class = UpkeepScheduler

    return UpkeepConsumer(
        queue(app), workers=workers, worker_type="thread", periodic=periodic, max_delay=1.0
    )


def push(app: Flask, job_id: int, delay: float | None = None) -> None:
    """Put a message for the job on the queue (after its row committed). A queue that cannot be
    reached is logged, not raised: the row stays queued and the upkeep pushes it again."""
    try:
        task = queue(app).mooc_run_job
        if delay:
            task.schedule((job_id,), delay=delay)
        else:
            task(job_id)
    except Exception:  # the request that queued it has succeeded: never a 500 for this
        log.exception("could not queue job %s; the upkeep will queue it again", job_id)
