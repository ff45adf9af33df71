"""Each operation is one transaction: when its last step fails (an exception injected after its
first writes), every table is as it was, and no file stays behind; when it succeeds, it commits
once."""

from __future__ import annotations

import io
import os
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from mooc import signals
from mooc.certificates.models import Certificate
from mooc.cohorts import services
from mooc.cohorts.models import CohortInvitation
from mooc.courses.content import sync as content_sync
from mooc.courses.models import Enrolment
from mooc.extensions import db
from tests.certificates.helpers import RIGHT, complete
from tests.cohorts.helpers import make_cohort
from tests.factories import UserFactory


class Injected(Exception):
    """The failure a test injects into the last step of an operation."""


def snapshot() -> dict[str, list]:
    """Every row of every table, in a stable order."""
    db.session.expire_all()
    found = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).all()
        found[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return found


@contextmanager
def failing_at(signal):
    """Make every receiver of `signal` after the real ones raise `Injected`."""

    def fail(_sender, **_payload):
        raise Injected

    signal.connect(fail)
    try:
        yield
    finally:
        signal.disconnect(fail)


@contextmanager
def one_commit():
    """The block must commit exactly once (one operation, one transaction)."""
    commits = []

    def count(session):
        if not session.in_nested_transaction():  # a savepoint's release is not a commit
            commits.append(1)

    event.listen(Session, "after_commit", count)
    try:
        yield
    finally:
        event.remove(Session, "after_commit", count)
    assert len(commits) == 1, f"{len(commits)} commits"


@contextmanager
def unchanged():
    """The block must leave every table as it found it."""
    before = snapshot()
    yield
    db.session.rollback()
    after = snapshot()
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, changed


def accept_link(cohort, email: str) -> str:
    from mooc.cohorts.invitations import token_of

    invitation = db.session.scalar(
        select(CohortInvitation).where(
            CohortInvitation.cohort_id == cohort.id, CohortInvitation.email == email
        )
    )
    return f"/invitations/{token_of(invitation.id)}/accept"


def test_accepting_an_invitation(client, auth, synced, queued):
    cohort, trainer = make_cohort()
    learner = UserFactory(email="new@example.org")
    services.add_learners(cohort, [(1, "new@example.org")], trainer=trainer)
    auth.login(learner)
    link = accept_link(cohort, "new@example.org")
    with unchanged(), failing_at(signals.course_enrolled), pytest.raises(Injected):
        client.post(link)
    with one_commit():
        assert client.post(link).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 1


@pytest.mark.parametrize("how", ["emails", "csv", "api"])
def test_adding_learners(client, auth, synced, queued, monkeypatch, how):
    cohort, trainer = make_cohort()
    UserFactory(email="known@example.org")
    auth.login(trainer)

    def fail(*_args, **_kwargs):  # the last step: queuing the invitation mail
        raise Injected

    monkeypatch.setattr(services, "enqueue_many", fail)
    with unchanged():
        if how == "api":  # the API answers every unexpected error with a JSON 500
            response = client.post(
                f"/api/v1/cohorts/{cohort.id}/learners",
                json={"emails": ["known@example.org", "new@x.org"]},
            )
            assert response.status_code == 500
        else:
            file = (io.BytesIO(b"email\nknown@example.org\nnew@x.org\n"), "list.csv")
            data = {"emails": "known@example.org\nnew@x.org"} if how == "emails" else {"file": file}
            with pytest.raises(Injected):
                client.post(f"/cohorts/{cohort.id}/learners", data=data)
    assert queued.count() == 0  # a rolled-back operation sends no mail
    monkeypatch.undo()
    with one_commit():
        client.post(f"/cohorts/{cohort.id}/learners", data={"emails": "known@example.org"})
    assert db.session.scalar(select(func.count()).select_from(CohortInvitation)) == 1
    assert queued.count() == 1


def test_joining_by_link(client, learner, synced):
    cohort, _trainer = make_cohort()
    with unchanged(), failing_at(signals.course_enrolled), pytest.raises(Injected):
        client.post(f"/join/{cohort.join_code}")
    with one_commit():
        assert client.post(f"/join/{cohort.join_code}").status_code == 302


def test_path_cohort_enrolment(client, auth, synced, queued):
    cohort, trainer = make_cohort(target="path:practitioner")
    learner = UserFactory(email="known@example.org")
    services.add_learners(cohort, [(1, "known@example.org")], trainer=trainer)
    auth.login(learner)
    link = accept_link(cohort, "known@example.org")
    with unchanged(), failing_at(signals.course_enrolled), pytest.raises(Injected):
        client.post(link)
    with one_commit():
        client.post(link)


def test_quiz_submission_with_completion(client, runner, enrolled, synced):
    # Without the second module's lesson, the quiz is the course's last required item.
    synced.remove("courses/01-demo/02-more/01-housing.md")
    synced.remove("courses/01-demo/02-more/01-housing.fr.md")
    assert runner.invoke(args=["content", "sync", str(synced.root)]).exit_code == 0
    client.post("/courses/demo/lessons/intro/done")
    with unchanged(), failing_at(signals.course_completed), pytest.raises(Injected):
        client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    with one_commit():
        client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    assert db.session.scalar(select(Enrolment.completed_at)) is not None


def test_marking_the_last_lesson_done(client, enrolled):
    client.post("/courses/demo/lessons/intro/done")
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    with unchanged(), failing_at(signals.course_completed), pytest.raises(Injected):
        client.post("/courses/demo/lessons/housing/done")
    with one_commit():
        client.post("/courses/demo/lessons/housing/done")
    assert db.session.scalar(select(Enrolment.completed_at)) is not None


def test_certificate_issue_leaves_no_row_and_no_file(app, client, enrolled, queued):
    complete(client)
    folder = app.config["CERTIFICATES_DIR"]
    os.makedirs(folder, exist_ok=True)
    files = set(os.listdir(folder))
    with unchanged(), failing_at(signals.certificate_issued), pytest.raises(Injected):
        client.post("/courses/demo/certificate")
    assert set(os.listdir(folder)) == files
    assert db.session.scalar(select(Certificate)) is None
    assert queued.count() == 0  # "your certificate is ready" was not queued
    with one_commit():
        client.post("/courses/demo/certificate")
    assert queued.count() == 1
    assert len(set(os.listdir(folder)) - files) == 1


def test_content_sync(runner, synced, monkeypatch):
    synced.write("courses/01-demo/02-more/02-new.md", "---\ntitle: New\n---\n\nNew lesson.\n")

    def fail(self):
        raise Injected

    original = content_sync.Applier.save_cache
    monkeypatch.setattr(content_sync.Applier, "save_cache", fail)
    with unchanged():
        result = runner.invoke(args=["content", "sync", str(synced.root)])
    assert isinstance(result.exception, Injected)
    monkeypatch.setattr(content_sync.Applier, "save_cache", original)
    with one_commit():
        assert runner.invoke(args=["content", "sync", str(synced.root)]).exit_code == 0
