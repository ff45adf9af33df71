"""Jobs on real workers: the embedded SQLite queue and the Redis one. A job runs once however
many messages name it; a worker killed with SIGKILL in the middle of a bulk issue leaves its job
to the next worker, which finishes it: every certificate exists once, the job reports done."""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import func, select

from mooc import create_app
from mooc.certificates import services as certificates
from mooc.certificates.models import Certificate
from mooc.certificates.queries import file_path
from mooc.extensions import db
from mooc.jobs.models import Job
from mooc.jobs.queue import push
from tests.cohorts.helpers import RIGHT, add_learner, make_cohort, progress
from tests.jobs.workers import Worker, forget_queue, redis_or_skip, unique_queue, wait_for
from tests.scratch import scratch_database
from tests.trees import TreeBuilder

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "redis"])
def deployment(request, tmp_path):
    """An app on a scratch database with the queue on SQLite (the default) or Redis, the demo
    course synced, and the configuration a worker process needs to join it."""
    name = unique_queue()
    if request.param == "redis":
        jobs_url = redis_or_skip()
    else:
        jobs_url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    with scratch_database(tmp_path, "jobs") as url:
        config = {
            "DATABASE_URL": url,
            "SECRET_KEY": "jobs-test",
            "CONTENT_DIR": str(tmp_path / "content"),
            "CERTIFICATES_DIR": str(tmp_path / "certificates"),
            "JOBS_RESULTS_DIR": str(tmp_path / "results"),
            "JOBS_URL": jobs_url,
            "JOBS_QUEUE": name,
            "JOBS_LEASE": 2,
            "JOBS_RETRY_DELAY": 1,
            "BASE_URL": "https://learn.example",
        }
        app = create_app({**config, "TESTING": True})
        with app.app_context():
            db.create_all()
            TreeBuilder(tmp_path / "content").baseline()
            result = app.test_cli_runner().invoke(args=["content", "sync"])
            assert result.exit_code == 0, result.output
            app.mooc_config = config
            try:
                yield app
            finally:
                db.session.remove()
                db.drop_all()
                db.engine.dispose()
        if request.param == "redis":
            forget_queue(name)


def eligible_cohort(count: int):
    """A cohort of `count` learners who completed the demo course, and its trainer."""
    cohort, trainer = make_cohort()
    learners = []
    for _number in range(count):
        learner = add_learner(cohort)
        progress(learner, ["intro"], [RIGHT])
        progress(learner, ["housing"])
        learners.append(learner)
    return cohort, trainer, learners


def fresh_job(job_id: int) -> Job:
    db.session.rollback()  # a new snapshot: see what the workers committed
    return db.session.get(Job, job_id, populate_existing=True)


def assert_every_certificate_once(learners) -> None:
    db.session.rollback()
    for learner in learners:
        rows = list(
            db.session.scalars(
                select(Certificate).where(
                    Certificate.user_id == learner.id, Certificate.status == "valid"
                )
            )
        )
        assert len(rows) == 1, (learner.id, rows)
        assert os.path.getsize(file_path(rows[0])) > 1000
    total = db.session.scalar(select(func.count()).select_from(Certificate))
    assert total == len(learners)


def test_a_job_runs_once_whatever_the_messages(deployment, tmp_path):
    cohort, trainer, learners = eligible_cohort(3)
    job = certificates.start_cohort_issue(trainer, cohort)
    for _again in range(3):  # the same job named by more messages (a retry, a recovery …)
        push(deployment, job.id)
    worker = Worker(deployment.mooc_config, tmp_path / "worker.log", threads=2)
    try:
        done = wait_for(lambda: fresh_job(job.id).status == "done", why="the bulk issue")
        assert done
        finished = fresh_job(job.id)
        assert finished.attempts == 1 and finished.done == finished.total == 3
        assert_every_certificate_once(learners)
        # "Your certificate is ready": one mail job per certificate, each run once.
        mails = lambda: list(db.session.scalars(select(Job).where(Job.kind == "mail.send")))  # noqa: E731
        wait_for(lambda: fresh_job(job.id) and all(m.status == "done" for m in mails()))
        assert len(mails()) == 3 and {m.attempts for m in mails()} == {1}
    finally:
        worker.stop()


def test_a_worker_killed_in_the_middle_of_a_bulk_issue(deployment, tmp_path):
    cohort, trainer, learners = eligible_cohort(24)
    first = Worker(deployment.mooc_config, tmp_path / "first.log")
    job = certificates.start_cohort_issue(trainer, cohort)
    try:
        wait_for(lambda: fresh_job(job.id).done >= 4, why="the first certificates")
    finally:
        first.kill()
    killed = fresh_job(job.id)
    assert killed.status == "running" and 4 <= killed.done < 24, (killed.status, killed.done)
    halfway = db.session.scalar(select(func.count()).select_from(Certificate))
    assert 0 < halfway < 24
    time.sleep(2.5)  # the dead worker's lease (2 s) runs out
    second = Worker(deployment.mooc_config, tmp_path / "second.log")
    try:
        # Starting, the worker finds the job without news and takes it over.
        wait_for(lambda: fresh_job(job.id).status == "done", why="the job taken over")
    finally:
        second.stop()
    finished = fresh_job(job.id)
    assert finished.attempts == 2 and finished.done == finished.total == 24
    assert_every_certificate_once(learners)
    report = __import__("json").loads(finished.outcome)
    assert report["issued"] + report["held"] == 24 and report["held"] == halfway
    leftovers = [
        p for p in os.listdir(deployment.config["CERTIFICATES_DIR"]) if p.endswith(".part")
    ]
    assert leftovers == []
