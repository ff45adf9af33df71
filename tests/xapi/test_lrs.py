"""Against a real LRS no one here wrote (Learning Locker's xapi-statements, a separate Node
process on 127.0.0.1): a learner's journey is there, each statement once and accepted by its
validation, read back through its own query API; stopped mid-way, the outbox holds the
statements and they arrive in order once it is back."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from sqlalchemy import select

from mooc.accounts.models import User
from mooc.assignments import services as assignments
from mooc.assignments.models import Review
from mooc.clock import utcnow
from mooc.extensions import db
from mooc.xapi import client as lrs_client
from mooc.xapi.jobs import resend_due
from mooc.xapi.models import Sender, Statement
from tests.assignments.helpers import LEVELS, TEXT, assignment_course, learners
from tests.certificates.helpers import sign_in
from tests.certificates.test_paths import finish_path, issue_path, two_courses  # noqa: F401
from tests.factories import UserFactory
from tests.xapi import lrs as peer
from tests.xapi.conftest import HALF, JOURNEY_VERBS, REGISTRATION, journey

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(peer.missing() is not None, reason=peer.missing() or ""),
]


@pytest.fixture(scope="module")
def auth_peer():
    found = peer.AuthPeer()
    yield found
    found.close()


@pytest.fixture
def lrs(app, tmp_path, auth_peer):
    server = peer.Lrs(tmp_path / "lrs", auth_peer)
    server.folder.mkdir()
    server.start()
    app.config.update(LRS_URL=server.url, LRS_KEY=peer.KEY, LRS_SECRET=peer.SECRET, XAPI_TIMEOUT=5)
    yield server
    server.stop()


def outbox() -> list[Statement]:
    db.session.expire_all()
    return list(db.session.scalars(select(Statement).order_by(Statement.id)))


def agent() -> dict:
    user = db.session.scalar(select(User).where(User.email == REGISTRATION["email"]))
    return {
        "objectType": "Agent",
        "account": {"homePage": "http://localhost/", "name": str(user.id)},
    }


def test_a_journey_is_in_the_lrs_once_each_and_valid(app, client, runner, synced, lrs, auth_peer):
    journey(client)
    rows = outbox()
    assert [row.verb for row in rows] == JOURNEY_VERBS
    assert [row.status for row in rows] == ["sent"] * len(rows), [r.last_error for r in rows]
    stored = lrs.statements_of(agent())
    assert [s["id"] for s in stored] == [row.uuid for row in rows]  # each once, in order
    for statement, row in zip(stored, rows, strict=True):
        mine = row.statement
        assert statement["verb"]["id"] == mine["verb"]["id"]
        assert statement["object"]["id"] == mine["object"]["id"]
        assert statement["context"]["language"] == "fr"
        assert statement.get("result") == mine.get("result")
        assert statement["authority"] == peer.CLIENT["authority"]  # our basic auth's client
    assert auth_peer.seen and set(auth_peer.seen) == {peer.basic()}

    # A replay sends everything again: the LRS keeps one copy of each statement id.
    since = (utcnow() - timedelta(days=1)).strftime("%Y-%m-%d")
    result = runner.invoke(args=["xapi", "replay", "--since", since])
    assert result.exit_code == 0, result.output
    assert f": {len(rows)}," in result.output or f"Sent {len(rows)}," in result.output
    assert [s["id"] for s in lrs.statements_of(agent())] == [row.uuid for row in rows]

    # The LRS's validation is at work: the same statement, broken, is refused.
    broken = copy.deepcopy(rows[0].statement)
    broken.pop("id")
    broken["actor"]["account"].pop("homePage")
    status, _body = lrs.request("POST", "statements", [broken])
    assert status == 400


def test_wrong_credentials_lose_nothing(app, client, synced, lrs):
    app.config["LRS_SECRET"] = "not the secret"
    client.post("/register", data=REGISTRATION)
    (row,) = outbox()
    assert row.status == "pending" and row.attempts == 1
    assert db.session.get(Sender, 1).last_error.startswith("HTTP ")
    app.config["LRS_SECRET"] = peer.SECRET
    from mooc.xapi import services

    services.retry_now()
    assert outbox()[0].status == "sent"
    assert [s["id"] for s in lrs.statements_of(agent())] == [row.uuid]


def test_stopped_mid_way_the_outbox_holds_them_until_it_returns(app, client, synced, lrs):
    app.config["XAPI_RETRY_DELAY"] = 60
    client.post("/register", data={**REGISTRATION, "language": "es"})
    client.post("/courses/demo/enrol")
    before = outbox()
    assert [row.status for row in before] == ["sent", "sent"]

    lrs.stop()  # the LRS goes down in the middle of the course
    client.post("/courses/demo/lessons/intro/done")
    client.post("/courses/demo/quizzes/check/attempts", data=HALF)
    client.post("/courses/demo/quizzes/check/attempts", data=HALF)
    held = outbox()[2:]
    assert [row.verb for row in held] == ["completed", "attempted", "attempted"]
    assert all(row.status == "pending" for row in held)
    sender = db.session.get(Sender, 1)
    assert sender.failures == 1 and "refused" in sender.last_error.lower()
    assert sender.retry_at > utcnow()
    assert lrs_client.post([held[0].statement]).outcome == "failed"  # still down

    lrs.start()  # back, and empty: its storage was in memory
    resend_due()  # the upkeep, every minute: still within the back-off, nothing moves
    assert all(row.status == "pending" for row in outbox()[2:])
    sender = db.session.get(Sender, 1, populate_existing=True)
    sender.retry_at = utcnow() - timedelta(seconds=1)  # the back-off is over
    db.session.commit()
    resend_due()
    rows = outbox()
    assert all(row.status == "sent" for row in rows)
    stored = lrs.statements_of(agent())
    assert [s["id"] for s in stored] == [row.uuid for row in held]  # in order, once each
    assert {s["context"]["language"] for s in stored} == {"es"}


def account(user_id: int) -> dict:
    return {
        "objectType": "Agent",
        "account": {"homePage": "http://localhost/", "name": str(user_id)},
    }


def in_the_lrs_as_in_the_outbox(lrs, user_ids) -> list[Statement]:
    """Every statement of each learner is sent and in the LRS, once, in the outbox's order."""
    rows = outbox()
    assert [row.status for row in rows] == ["sent"] * len(rows), [r.last_error for r in rows]
    for user_id in user_ids:
        mine = [row for row in rows if row.user_id == user_id]
        assert mine, user_id
        stored = lrs.statements_of(account(user_id))
        assert [s["id"] for s in stored] == [row.uuid for row in mine]
        for statement, row in zip(stored, mine, strict=True):
            assert statement["verb"]["id"] == row.statement["verb"]["id"]
            assert statement["object"]["id"] == row.statement["object"]["id"]
            assert statement.get("result") == row.statement.get("result")
    return rows


def test_a_paths_enrolment_and_certificate_are_in_the_lrs(app, client, two_courses, lrs):  # noqa: F811
    learner = UserFactory(language="es")
    sign_in(client, learner)
    finish_path(client)
    certificate, _data = issue_path(client)
    rows = in_the_lrs_as_in_the_outbox(lrs, [learner.id])
    seen = [(row.verb, row.statement["object"]["id"]) for row in rows]
    assert ("registered", "http://localhost/xapi/path/practitioner") in seen
    assert ("registered", "http://localhost/xapi/course/second") in seen
    assert ("completed", "http://localhost/xapi/course/second") in seen
    assert seen[-1] == ("earned", f"http://localhost/xapi/certificate/{certificate.code}")


def test_an_assignments_submission_and_grade_are_in_the_lrs(app, tree, lrs):
    lesson = assignment_course(tree)
    users = learners(3)
    for user in users:
        assignments.save(user.id, lesson, f"{TEXT} ({user.display_name})", True)
    for user in users:
        reviews = db.session.scalars(
            select(Review).where(Review.reviewer_id == user.id, Review.kind == "peer")
        )
        for review in list(reviews):
            assignments.save_review(review, LEVELS, {"rights": "Clear reasons."}, send=True)
    rows = in_the_lrs_as_in_the_outbox(lrs, [user.id for user in users])
    plan = f"http://localhost/xapi/course/demo/assignment/{lesson.slug}"
    for user in users:
        verbs = [
            row.verb
            for row in rows
            if row.user_id == user.id and row.statement["object"]["id"] == plan
        ]
        assert verbs == ["submitted", "scored"], verbs
    scored = next(row.statement for row in rows if row.verb == "scored")
    assert scored["result"]["score"] == {"scaled": 1.0, "raw": 6, "min": 0, "max": 6}
    assert scored["result"]["success"] is True
