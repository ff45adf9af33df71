"""Jobs in the suite (run where they are queued): a page that starts one shows its progress and
its download link; failures are retried with a doubling delay; stale jobs are taken over;
results expire."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from mooc.clock import utcnow
from mooc.extensions import db
from mooc.jobs import enqueue, handler
from mooc.jobs.models import Job
from mooc.jobs.registry import HANDLERS
from mooc.jobs.runner import maintain
from tests.cohorts.helpers import add_learner, make_cohort
from tests.factories import UserFactory


def job_of(job_id: int) -> Job:
    db.session.expire_all()
    return db.session.get(Job, job_id)


@pytest.mark.parametrize(("fmt", "magic"), [("xlsx", b"PK"), ("pdf", b"%PDF")])
def test_a_large_report_is_prepared_by_a_worker(app, client, auth, synced, fmt, magic):
    app.config["REPORT_JOB_LEARNERS"] = {"pdf": 1, "xlsx": 1}
    cohort, trainer = make_cohort()
    for _number in range(2):
        add_learner(cohort)
    auth.login(trainer)
    page = client.get(f"/cohorts/{cohort.id}/report.{fmt}")
    assert page.status_code == 200 and "Prepare the report" in page.get_data(as_text=True)
    started = client.post(f"/cohorts/{cohort.id}/report.{fmt}")
    location = started.headers["Location"]
    assert started.status_code == 302 and location.startswith("/jobs/")
    job_page = client.get(location)
    text = job_page.get_data(as_text=True)
    assert "Download montevideo-officials." + fmt in text and "refresh" not in text
    assert job_page.headers["Cache-Control"] == "no-store"
    result = client.get(location + "/result")
    assert result.status_code == 200 and result.get_data()[:4].startswith(magic)
    assert "attachment" in result.headers["Content-Disposition"]
    result.close()
    auth.login(UserFactory(role="trainer"))  # another trainer: as if it did not exist
    assert client.get(location).status_code == 404
    assert client.get(location + "/result").status_code == 404


def test_a_small_report_stays_in_the_request(client, auth, synced):
    cohort, trainer = make_cohort()
    add_learner(cohort)
    auth.login(trainer)
    response = client.get(f"/cohorts/{cohort.id}/report.xlsx")
    assert response.status_code == 200 and response.get_data()[:2] == b"PK"
    response.close()


@pytest.fixture
def flaky():
    """A kind of job that fails until told otherwise."""
    state = {"fail": True, "runs": 0}

    @handler("tests.flaky")
    def run(context):
        state["runs"] += 1
        if state["fail"]:
            raise RuntimeError("not yet")
        context.report = {"runs": state["runs"]}

    yield state
    HANDLERS.pop("tests.flaky")


def test_a_failing_job_is_retried_with_a_growing_delay_then_fails(app, queued, flaky):
    app.config.update(JOBS_ATTEMPTS=3, JOBS_RETRY_DELAY=10)
    job = enqueue("tests.flaky", {})
    queued.run()
    first = job_of(job.id)
    assert (first.status, first.attempts) == ("queued", 1) and "not yet" in first.outcome
    delays = [(first.queued_at - utcnow()).total_seconds()]
    # The retry is scheduled (Huey holds it): run it now, as its time had come.
    for _again in range(2):
        db.session.execute(Job.__table__.update().values(queued_at=utcnow()))
        db.session.commit()
        maintain_now(app, queued)
        again = job_of(job.id)
        delays.append((again.queued_at - utcnow()).total_seconds())
    final = job_of(job.id)
    assert (final.status, final.attempts) == ("failed", 3)
    assert 8 < delays[0] <= 10 and 18 < delays[1] <= 20  # 10 s, then 20 s


def maintain_now(app, queued) -> None:
    """The upkeep, with its lease counted from now (the job looks stale), then the queue."""
    app.config["JOBS_LEASE"] = -1
    maintain(app)
    app.config["JOBS_LEASE"] = 120
    queued.run()


def test_a_job_whose_worker_died_is_taken_over(app, queued, flaky):
    flaky["fail"] = False
    job = enqueue("tests.flaky", {})
    db.session.commit()
    # A worker claimed it and died: running, no news for longer than the lease.
    db.session.execute(
        Job.__table__.update().values(
            status="running", attempts=1, heartbeat_at=utcnow() - timedelta(minutes=1)
        )
    )
    db.session.commit()
    queued.run()  # its message, run again: the job is taken (news a minute ago, lease 2 min)
    assert job_of(job.id).status == "running"
    app.config["JOBS_LEASE"] = 30  # now a minute without news is too long
    maintain(app)
    queued.run()
    done = job_of(job.id)
    assert (done.status, done.attempts) == ("done", 2)


def test_results_expire(app, client, auth, synced):
    cohort, trainer = make_cohort()
    add_learner(cohort)
    auth.login(trainer)
    app.config["REPORT_JOB_LEARNERS"] = {"xlsx": 0}
    location = client.post(f"/cohorts/{cohort.id}/report.xlsx").headers["Location"]
    job = db.session.scalar(select(Job).where(Job.kind == "cohorts.report"))
    path = job.result_file
    assert os.path.exists(path)
    db.session.execute(Job.__table__.update().values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    maintain(app)
    assert not os.path.exists(path)
    assert job_of(job.id).status == "expired"
    assert "expired" in client.get(location).get_data(as_text=True)
    assert client.get(location + "/result").status_code == 404


def test_the_same_key_is_the_same_job(app):
    first = enqueue("accounts.reset_mail", {"email": "a@example.org"}, key="once")
    again = enqueue("accounts.reset_mail", {"email": "a@example.org"}, key="once")
    assert first.id == again.id
    assert db.session.scalar(select(Job.id).where(Job.key == "once")) == first.id


@pytest.mark.parametrize(("seconds", "upkeeps"), [(60, 1), (5, 12)])
def test_a_workers_upkeep_runs_every_jobs_upkeep_seconds(app, monkeypatch, seconds, upkeeps):
    # The scheduler of `flask worker`, driven for one minute on a clock of its own.
    import types

    import huey.consumer

    from mooc.jobs.queue import consumer, queue

    app.config["JOBS_UPKEEP_SECONDS"] = seconds
    clock = [1000.0]
    monkeypatch.setattr(huey.consumer, "time", types.SimpleNamespace(monotonic=lambda: clock[0]))
    jobs = queue(app)
    jobs.immediate = False  # the upkeep waits on the queue instead of running here
    try:
        scheduler = consumer(app, 1)._create_scheduler()
        monkeypatch.setattr(
            scheduler, "sleep_for_interval", lambda *_a: clock.__setitem__(0, clock[0] + 1)
        )
        for _second in range(60):
            scheduler.loop()
        assert [task.name for task in jobs.pending()] == ["upkeep"] * upkeeps
    finally:
        jobs.flush()
        jobs.immediate = True


@pytest.mark.parametrize("seconds", [0, "often", True])
def test_the_upkeep_interval_is_checked(app, seconds):
    from mooc.jobs.queue import consumer

    app.config["JOBS_UPKEEP_SECONDS"] = seconds
    with pytest.raises(ValueError, match="MOOC_JOBS_UPKEEP_SECONDS"):
        consumer(app, 1)


def test_the_upkeep_removes_files_a_killed_worker_left_half_written(app):
    import time

    app.config["JOBS_LEASE"] = 30
    stale, live, done = [], [], []
    for key in ("CERTIFICATES_DIR", "OFFLINE_DIR"):
        folder = app.config[key]
        os.makedirs(folder, exist_ok=True)
        for name, age, kept in (("dead.pdf.part", 60, stale), ("writing.pdf.part", 5, live)):
            path = os.path.join(folder, name)
            with open(path, "wb") as handle:
                handle.write(b"%PDF-1.7 half")
            os.utime(path, (time.time() - age, time.time() - age))
            kept.append(path)
        finished = os.path.join(folder, "old.pdf")
        with open(finished, "wb") as handle:
            handle.write(b"%PDF-1.7")
        os.utime(finished, (time.time() - 3600, time.time() - 3600))
        done.append(finished)
    maintain(app)
    assert [os.path.exists(p) for p in stale] == [False, False]
    assert all(os.path.exists(p) for p in live + done)  # a writer at work, finished files
