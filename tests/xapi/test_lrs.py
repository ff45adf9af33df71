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
from mooc.clock import utcnow
from mooc.extensions import db
from mooc.xapi import client as lrs_client
from mooc.xapi.jobs import resend_due
from mooc.xapi.models import Sender, Statement
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
