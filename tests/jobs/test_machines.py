"""Several machines in one test: two app servers (gunicorn) and two workers against one
PostgreSQL database and one Redis. Jobs run once, rate limits are shared, and a certificate
issued through one server is found by the other (shared certificate storage)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import select

from mooc import create_app
from mooc.certificates.models import Certificate
from mooc.config import project_root
from mooc.extensions import db
from mooc.jobs.models import Job
from tests.conftest import TEST_DATABASE_URL
from tests.factories import PASSWORD, UserFactory
from tests.jobs.test_workers import eligible_cohort
from tests.jobs.workers import (
    Worker,
    environment,
    forget_queue,
    redis_or_skip,
    unique_queue,
    wait_for,
)
from tests.scratch import scratch_database
from tests.smtp import free_port
from tests.trees import TreeBuilder

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs MOOC_TEST_DATABASE_URL (PostgreSQL)"),
]


class Server:
    """`gunicorn wsgi:app` on a port of its own."""

    def __init__(self, config: dict, log):
        self.port = free_port()
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        self.process = subprocess.Popen(
            [gunicorn, "--workers", "1", "--bind", f"127.0.0.1:{self.port}", "wsgi:app"],
            cwd=project_root(),
            env=environment(config),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        wait_for(self.up, seconds=60, every=0.2, why=f"gunicorn on {self.port}")

    def up(self) -> bool:
        try:
            return requests.get(self.base + "/login", timeout=10).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(20)


def csrf_of(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10).text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(session: requests.Session, server: Server, email: str, password: str = PASSWORD):
    token = csrf_of(session, server.base + "/login")
    return session.post(
        server.base + "/login",
        data={"email": email, "password": password, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )


@pytest.fixture
def machines(tmp_path, smtp_server):
    redis_url = redis_or_skip()
    name = unique_queue()
    with scratch_database(tmp_path, "machines") as url:
        config = {
            "DATABASE_URL": url,
            "SECRET_KEY": "machines-test",
            "CONTENT_DIR": str(tmp_path / "content"),
            "CERTIFICATES_DIR": str(tmp_path / "shared" / "certificates"),
            "JOBS_RESULTS_DIR": str(tmp_path / "shared" / "results"),
            "JOBS_URL": redis_url,
            "JOBS_QUEUE": name,
            "RATELIMIT_STORAGE_URI": redis_url,
            "RATELIMIT_KEY_PREFIX": name,
            "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
            "SESSION_COOKIE_SECURE": False,
            "BASE_URL": "http://127.0.0.1",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_server.port,
        }
        app = create_app({**config, "TESTING": True})
        log = open(tmp_path / "machines.log", "ab")  # noqa: SIM115
        with app.app_context():
            db.create_all()
            TreeBuilder(tmp_path / "content").baseline()
            assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
            servers, workers = [], []
            try:
                servers = [Server(config, log), Server(config, log)]
                workers = [Worker(config, tmp_path / f"worker{n}.log") for n in (1, 2)]
                yield app, servers, smtp_server
            finally:
                for worker in workers:
                    worker.stop()
                for server in servers:
                    server.stop()
                log.close()
                db.session.remove()
                db.drop_all()
                db.engine.dispose()
        forget_queue(name)


def test_two_servers_two_workers_one_database_one_redis(machines):
    app, (one, two), inbox = machines
    cohort, trainer, learners = eligible_cohort(4)
    trainer_session = requests.Session()
    assert sign_in(trainer_session, one, trainer.email).status_code == 302

    # A bulk issue started on server one; its page read on server two; each worker may take it.
    token = csrf_of(trainer_session, f"{one.base}/cohorts/{cohort.id}")
    started = trainer_session.post(
        f"{one.base}/cohorts/{cohort.id}/certificates/issue",
        data={"csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    assert started.status_code == 302 and "/jobs/" in started.headers["Location"]
    job_path = urlsplit(started.headers["Location"]).path
    done = wait_for(
        lambda: (
            "4 certificates issued" in trainer_session.get(two.base + job_path, timeout=10).text
        ),
        seconds=120,
        every=0.5,
        why="the bulk issue, seen from server two",
    )
    assert done

    # Jobs ran once: the bulk issue once, one "certificate ready" mail per learner, each once.
    db.session.rollback()
    jobs = list(db.session.scalars(select(Job)))
    [bulk] = [job for job in jobs if job.kind == "certificates.bulk_issue"]
    assert bulk.attempts == 1 and bulk.status == "done"
    wait_for(lambda: len(inbox.messages) >= 4, seconds=60, why="four mails")
    time.sleep(1)  # a duplicate, if any, would arrive now
    assert sorted(m["To"] for m in inbox.messages) == sorted(u.email for u in learners)
    db.session.rollback()
    mails = list(db.session.scalars(select(Job).where(Job.kind == "mail.send")))
    assert len(mails) == 4 and {m.attempts for m in mails} == {1}

    # Certificates are found by both servers (shared storage).
    codes = list(db.session.scalars(select(Certificate.code)))
    assert len(codes) == 4
    for server in (one, two):
        for code in codes:
            pdf = trainer_session.get(f"{server.base}/certificates/{code}.pdf", timeout=10)
            assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
            assert requests.get(f"{server.base}/verify/{code}", timeout=10).status_code == 200

    # Rate limits are shared: 3 sign-in attempts per account per minute, across both servers.
    UserFactory(email="target@example.org")
    statuses = []
    for server in (one, two, one, two):
        attacker = requests.Session()
        statuses.append(
            sign_in(attacker, server, "target@example.org", "wrong password").status_code
        )
    assert statuses[:3] == [400, 400, 400] and statuses[3] == 429, statuses
