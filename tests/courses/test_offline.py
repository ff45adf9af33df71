"""The offline copy is rendered by a worker: the learner's request queues it once and waits on a
page that refreshes itself; every learner asking for the same copy shares one job."""

from __future__ import annotations

import os

from sqlalchemy import func, select

from mooc.courses import offline
from mooc.extensions import db
from mooc.jobs import services as jobs
from mooc.jobs.models import Job
from mooc.jobs.runner import execute
from tests.factories import UserFactory


def copy_jobs():
    return db.session.scalars(select(Job).where(Job.kind == offline.RENDER)).all()


def test_the_copy_is_prepared_by_a_worker_while_the_learner_waits(
    app, client, auth, enrolled, monkeypatch
):
    monkeypatch.setattr(jobs, "_push", lambda app, ids: None)  # a worker that has not run yet
    response = client.get("/courses/demo/offline.pdf")
    page = response.get_data(as_text=True)
    assert response.status_code == 202 and response.mimetype == "text/html"
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "being prepared" in page and response.headers["Cache-Control"] == "no-store"
    [job] = copy_jobs()
    assert job.status == "queued" and job.params == {"slug": "demo", "locale": "en"}

    # Another learner asking for the same copy waits for the same job.
    auth.logout()
    other = UserFactory()
    auth.login(other)
    client.post("/courses/demo/enrol")
    assert client.get("/courses/demo/offline.pdf").status_code == 202
    assert db.session.scalar(select(func.count(Job.id)).where(Job.kind == offline.RENDER)) == 1

    execute(app, job.id)  # the worker runs it
    response = client.get("/courses/demo/offline.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.get_data().startswith(b"%PDF")
    response.close()


def test_a_failed_copy_says_so_and_a_removed_one_is_rendered_again(
    app, client, enrolled, monkeypatch
):
    monkeypatch.setattr(jobs, "_push", lambda app, ids: None)
    client.get("/courses/demo/offline.pdf")
    [job] = copy_jobs()
    job.status = "failed"
    db.session.commit()
    page = client.get("/courses/demo/offline.pdf").get_data(as_text=True)
    assert "could not be prepared" in page and "http-equiv" not in page

    job.status = "queued"
    db.session.commit()
    execute(app, job.id)
    assert client.get("/courses/demo/offline.pdf").status_code == 200
    folder = app.config["OFFLINE_DIR"]
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    assert client.get("/courses/demo/offline.pdf").status_code == 202  # a new job renders it
    assert client.get("/courses/demo/offline.pdf").status_code == 202  # the same one, waited for
    db.session.expire_all()
    assert [j.status for j in copy_jobs()] == ["done", "queued"]


def test_the_waiting_page_is_in_the_learner_language(client, enrolled, monkeypatch):
    monkeypatch.setattr(jobs, "_push", lambda app, ids: None)
    page = client.get("/courses/demo/offline.pdf?lang=fr").get_data(as_text=True)
    assert "Copie hors ligne" in page
