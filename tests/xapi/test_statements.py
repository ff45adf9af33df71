"""Statements built from the learning events, the outbox written in the event's transaction, the
sender's order, back-off and refusals (a fake LRS; tests/xapi/test_lrs.py uses a real one)."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from mooc.accounts.models import User
from mooc.clock import utcnow
from mooc.courses import services as learning
from mooc.courses.models import Course, Lesson
from mooc.extensions import db
from mooc.jobs.models import Job
from mooc.jobs.registry import UPKEEP
from mooc.jobs.runner import maintain
from mooc.signals import assignment_graded, assignment_submitted, send
from mooc.transactions import transaction
from mooc.xapi import client as lrs_client
from mooc.xapi import services
from mooc.xapi.jobs import resend_due
from mooc.xapi.models import Sender, Statement
from tests.factories import UserFactory
from tests.xapi.conftest import JOURNEY_VERBS, REGISTRATION, journey

BASE = "http://localhost"


def outbox() -> list[Statement]:
    return list(db.session.scalars(select(Statement).order_by(Statement.id)))


def test_without_an_lrs_nothing_is_recorded(client, synced):
    journey(client)
    assert outbox() == []
    assert db.session.scalar(select(func.count()).select_from(Sender)) == 0


def test_a_journey_gives_one_statement_per_event_in_the_learners_language(
    app, client, synced, fake_lrs
):
    journey(client, language="fr")
    rows = outbox()
    assert [row.verb for row in rows] == JOURNEY_VERBS
    assert all(row.status == "sent" for row in rows)
    assert [s["id"] for s in fake_lrs.statements] == [row.uuid for row in rows]  # in order, once
    user = db.session.scalar(select(User).where(User.email == REGISTRATION["email"]))
    statements = [row.statement for row in rows]
    for statement in statements:
        assert statement["actor"] == {
            "objectType": "Agent",
            "account": {"homePage": f"{BASE}/", "name": str(user.id)},
        }
        assert statement["context"]["language"] == "fr"
        assert statement["timestamp"].endswith("Z")
    text = json.dumps(statements)
    assert user.email not in text and "Ana" not in text  # no email, no name
    ids = [s["object"]["id"] for s in statements]
    assert ids[:3] == [
        f"{BASE}/",
        f"{BASE}/xapi/course/demo",
        f"{BASE}/xapi/course/demo/lesson/intro",
    ]
    assert ids[3] == ids[4] == f"{BASE}/xapi/course/demo/quiz/check"
    assert ids[6] == f"{BASE}/xapi/course/demo"
    code = statements[7]["object"]["id"].rsplit("/", 1)[1]
    assert statements[7]["object"]["definition"]["moreInfo"] == f"{BASE}/verify/{code}"
    assert statements[7]["context"]["contextActivities"]["parent"][0]["id"] == ids[6]
    failed, passed = statements[3]["result"], statements[4]["result"]
    assert failed["success"] is False and passed["success"] is True
    assert passed["score"] == {"scaled": 1.0, "raw": 100.0, "min": 0, "max": 100}
    assert 0 < failed["score"]["scaled"] < 0.7
    parent = statements[2]["context"]["contextActivities"]["parent"][0]
    assert parent["id"] == f"{BASE}/xapi/course/demo" and parent["definition"]["name"]
    verbs = {s["verb"]["id"] for s in statements}
    assert "http://adlnet.gov/expapi/verbs/attempted" in verbs
    assert "http://id.tincanapi.com/verb/earned" in verbs


def test_activity_ids_follow_the_base_url_not_the_request(app, client, synced, fake_lrs):
    app.config["BASE_URL"] = "https://mooc.example.org/learn/"
    # Requests come to localhost (trusted in tests; any other host is refused, tests/security):
    # the ids are the base URL's all the same.
    client.post("/register", data=REGISTRATION)
    client.post("/courses/demo/enrol")
    actor, course = (row.statement for row in outbox())
    assert actor["actor"]["account"]["homePage"] == "https://mooc.example.org/learn/"
    assert course["object"]["id"] == "https://mooc.example.org/learn/xapi/course/demo"


@pytest.mark.parametrize("kind", ["mbox", "mbox_sha1sum"])
def test_the_email_only_when_a_setting_says_so(app, client, synced, fake_lrs, kind):
    app.config["XAPI_ACTOR"] = kind
    client.post("/register", data=REGISTRATION)
    mbox = f"mailto:{REGISTRATION['email']}"
    expected = mbox if kind == "mbox" else hashlib.sha1(mbox.encode()).hexdigest()
    assert outbox()[0].statement["actor"] == {"objectType": "Agent", kind: expected}


def test_the_statement_rolls_back_with_its_event(app, synced, fake_lrs, monkeypatch):
    user = UserFactory()
    learning.enrol(user.id, db.session.scalar(select(Course.id)))
    before = len(outbox())

    def broken(*_args, **_kwargs):
        raise RuntimeError("the last step fails")

    monkeypatch.setattr(learning, "stamp_completion", broken)
    with pytest.raises(RuntimeError):
        learning.complete_lesson(user.id, "demo", "intro")
    assert len(outbox()) == before


def test_assignment_submitted_and_graded(app, synced, fake_lrs):
    user = UserFactory(language="es")
    course_id = db.session.scalar(select(Course.id))
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "housing"))
    submission = SimpleNamespace(
        id=7, user_id=user.id, lesson_id=lesson.id, course_id=course_id,
        submitted_at=utcnow(), graded_at=utcnow(), points=14, max_points=20, passed=True,
    )  # fmt: skip
    with transaction():
        send(assignment_submitted, submission=submission, course_id=course_id)
    with transaction():
        send(assignment_graded, submission=submission, course_id=course_id)
    submitted, graded = (row.statement for row in outbox())
    assert submitted["verb"]["id"] == "http://activitystrea.ms/schema/1.0/submit"
    assert graded["verb"]["id"] == "http://adlnet.gov/expapi/verbs/scored"
    assert graded["result"] == {
        "score": {"scaled": 0.7, "raw": 14, "min": 0, "max": 20},
        "completion": True,
        "success": True,
    }
    assert graded["context"]["language"] == "es"
    assert "parent" in graded["context"]["contextActivities"]


def test_a_cohorts_enrolment_is_one_insert(app, synced, fake_lrs, count_queries):
    users = [UserFactory() for _n in range(30)]
    course_id = db.session.scalar(select(Course.id))
    with count_queries() as counter:
        learning.enrol_many([user.id for user in users], course_id)
    inserts = [s for s in counter.writes if "xapi_statements" in s and s.startswith("INSERT")]
    assert len(inserts) == 1
    assert len(outbox()) == 30 and {row.user_id for row in outbox()} == {u.id for u in users}


def test_a_down_lrs_keeps_them_in_order_and_backs_off(app, client, synced, fake_lrs):
    app.config.update(XAPI_RETRY_DELAY=30, XAPI_BATCH=3)
    down = lrs_client.Answer("failed", None, "ConnectionRefusedError: [Errno 111]")
    fake_lrs.answers = [down] * 20
    journey(client)
    rows = outbox()
    assert [row.status for row in rows] == ["pending"] * len(JOURNEY_VERBS)
    sender = db.session.get(Sender, 1)
    assert sender.failures == 1 and "Errno 111" in sender.last_error  # later events waited
    assert sender.retry_at > utcnow() + timedelta(seconds=25)
    fake_lrs.answers = []
    maintain(app)  # the upkeep: still in the back-off, nothing sent
    assert all(row.status == "pending" for row in outbox())
    services.retry_now()  # what the back-off's end (or the admin's button) does
    db.session.expire_all()
    assert [row.status for row in outbox()] == ["sent"] * len(JOURNEY_VERBS)
    sent_ids = [s["id"] for s in fake_lrs.statements[1:]]  # after the first, failed batch
    assert sent_ids == [row.uuid for row in rows]
    assert [len(batch) for batch in fake_lrs.batches[1:]] == [3, 3, 2]
    assert db.session.get(Sender, 1).failures == 0


def test_the_delay_doubles_up_to_its_maximum(app, synced, fake_lrs):
    app.config.update(XAPI_RETRY_DELAY=10, XAPI_RETRY_MAX=35)
    row_ids = []
    for failures in range(4):
        services.acquire()
        moment = services.failed(row_ids, "down")
        services.release()
        expected = min(35, 10 * 2**failures)
        assert abs((moment - utcnow()).total_seconds() - expected) < 2


def test_upkeep_sends_what_waits_once_the_back_off_is_over(app, synced, fake_lrs):
    fake_lrs.answers = [lrs_client.Answer("failed", 503, "HTTP 503: busy")]
    learning.enrol(UserFactory().id, db.session.scalar(select(Course.id)))
    assert outbox()[0].status == "pending" and outbox()[0].attempts == 1
    db.session.get(Sender, 1).retry_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert resend_due in UPKEEP  # run by the jobs' upkeep every minute
    resend_due()
    db.session.expire_all()
    assert outbox()[0].status == "sent"


def test_the_workers_upkeep_starts_a_sender_in_a_session_of_its_own(app, synced, fake_lrs):
    # A worker runs each upkeep in an application context (a session) of its own, which never
    # started a sender: that session's "no transaction yet" once passed for "started already",
    # and statements left by a back-off waited for the next event (issue 19).
    fake_lrs.answers = [lrs_client.Answer("failed", 503, "HTTP 503: busy")]
    learning.enrol(UserFactory().id, db.session.scalar(select(Course.id)))
    db.session.get(Sender, 1).retry_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    maintain(app)  # as `flask worker` runs it: its own app context, its own session
    db.session.expire_all()
    assert [row.status for row in outbox()] == ["sent"]
    assert [len(batch) for batch in fake_lrs.batches] == [1, 1]


def test_an_undone_event_does_not_keep_its_operation_from_starting_a_sender(app, synced, fake_lrs):
    # A dry run inside an operation records statements and drops their job with its writes;
    # a statement recorded afterwards in the same operation still gets its sender.
    from mooc.transactions import undone

    users = [UserFactory() for _n in range(2)]
    course_id = db.session.scalar(select(Course.id))
    with transaction():
        with undone():
            learning.enrol(users[0].id, course_id)
        learning.enrol(users[1].id, course_id)
    db.session.expire_all()
    assert [(row.user_id, row.status) for row in outbox()] == [(users[1].id, "sent")]


def test_a_sender_waiting_for_its_retry_does_not_hold_new_statements_back(app, synced, fake_lrs):
    # A send job whose handler raised waits (queued) for its retry, up to minutes away: a new
    # event starts a sender now all the same (the lease keeps them from sending at once).
    later = utcnow() + timedelta(minutes=5)
    retrying = Job(key="xapi.send:retrying", kind="xapi.send", subject="xapi", queued_at=later)
    db.session.add(retrying)
    db.session.commit()
    learning.enrol(UserFactory().id, db.session.scalar(select(Course.id)))
    db.session.expire_all()
    assert [row.status for row in outbox()] == ["sent"]
    kinds = select(func.count()).select_from(Job).where(Job.kind == "xapi.send")
    assert db.session.scalar(kinds) == 2


def test_a_refused_statement_is_set_aside_and_the_others_go_in_order(app, synced, fake_lrs):
    users = [UserFactory() for _n in range(3)]
    bad = lrs_client.Answer("refused", 400, "HTTP 400: invalid")
    ok = lrs_client.Answer("ok", 200, "")
    fake_lrs.answers = [bad, ok, bad, ok]  # the batch, then one by one
    learning.enrol_many([u.id for u in users], db.session.scalar(select(Course.id)))
    assert [row.status for row in outbox()] == ["sent", "rejected", "sent"]
    assert outbox()[1].last_error == "HTTP 400: invalid"
    assert [len(batch) for batch in fake_lrs.batches] == [3, 1, 1, 1]


def test_no_lrs_no_sending_even_with_rows(app, synced, monkeypatch):
    monkeypatch.setattr(lrs_client, "post", lambda _s: pytest.fail("no LRS: nothing is posted"))
    from tests.factories import StatementFactory

    StatementFactory()
    maintain(app)
    assert outbox()[0].status == "pending"


def test_replay_sends_again_since_a_date(app, runner, synced, fake_lrs):
    learning.enrol(UserFactory().id, db.session.scalar(select(Course.id)))
    old = outbox()[0]
    old.created_at = utcnow() - timedelta(days=10)
    db.session.commit()
    learning.enrol(UserFactory().id, db.session.scalar(select(Course.id)))
    fake_lrs.batches.clear()
    since = (utcnow() - timedelta(days=1)).strftime("%Y-%m-%d")
    result = runner.invoke(args=["xapi", "replay", "--since", since])
    assert result.exit_code == 0, result.output
    assert "1 statements to send again" in result.output and "Sent 1" in result.output
    assert [s["id"] for s in fake_lrs.statements] == [outbox()[1].uuid]
    result = runner.invoke(args=["xapi", "status"])
    assert "sent 2" in result.output


def test_replay_says_when_no_lrs_is_configured(runner, synced):
    result = runner.invoke(args=["xapi", "replay", "--since", "2026-01-01"])
    assert result.exit_code == 1 and "MOOC_LRS_URL" in result.output


def test_the_client_sends_basic_auth_and_the_version(app, lrs_on):
    with app.test_request_context():
        headers = lrs_client.headers()
        assert headers["X-Experience-API-Version"] == "1.0.3"
        assert headers["Authorization"] == "Basic a2V5OnNlY3JldA=="  # key:secret
        assert lrs_client.statements_url() == "http://127.0.0.1:9/xAPI/statements"
        answer = lrs_client.post([])  # nothing listens on port 9
        assert answer.outcome == "failed" and answer.status is None


def test_the_admin_page_shows_the_outbox(app, client, auth, synced, fake_lrs):
    fake_lrs.answers = [lrs_client.Answer("failed", 502, "HTTP 502: bad gateway")]
    learning.enrol(UserFactory().id, db.session.scalar(select(Course.id)))
    learner = UserFactory()
    auth.login(learner)
    assert client.get("/admin/xapi").status_code == 403
    auth.logout()
    auth.login(UserFactory(role="admin"))
    page = client.get("/admin/xapi").get_data(as_text=True)
    assert 'id="xapi-pending">1<' in page and 'id="xapi-failing">1<' in page
    assert "HTTP 502: bad gateway" in page and "http://127.0.0.1:9/xAPI/" in page
    assert client.post("/admin/xapi/send").status_code == 302
    page = client.get("/admin/xapi").get_data(as_text=True)
    assert 'id="xapi-sent">1<' in page and 'id="xapi-pending">0<' in page


def test_the_admin_page_without_an_lrs(client, auth, app):
    auth.login(UserFactory(role="admin"))
    page = client.get("/admin/xapi").get_data(as_text=True)
    assert "No LRS is configured" in page and "Send now" not in page


def test_credentials_in_the_lrs_url_are_not_shown(app, lrs_on):
    from mooc.xapi.queries import lrs_address

    app.config["LRS_URL"] = "https://user:pw@lrs.example.org:8443/xAPI/"
    assert lrs_address() == "https://lrs.example.org:8443/xAPI/"


def test_what_an_event_costs_its_request(app, synced, fake_lrs, count_queries):
    course_id = db.session.scalar(select(Course.id))
    users = [UserFactory().id for _n in range(3)]
    for user_id in users:
        learning.enrol(user_id, course_id)
    from mooc.jobs.queue import queue

    queue(app).immediate = False  # the sending is a worker's, not the request's
    app.config["LRS_URL"] = None
    with transaction(), count_queries() as off:  # counted inside the operation, before commit
        learning.complete_lesson(users[0], "demo", "intro")
    app.config["LRS_URL"] = "http://127.0.0.1:9/xAPI/"
    with transaction(), count_queries() as on:
        learning.complete_lesson(users[1], "demo", "intro")
    # The item with its names (one query), the learner, the INSERT, "is a sender queued?" and
    # the job's row when none is.
    assert on.count - off.count == 5, on.statements
    with transaction(), count_queries() as queued:  # a sender is queued already: no new job
        learning.complete_lesson(users[2], "demo", "intro")
    assert queued.count - off.count == 4, queued.statements
    queue(app).immediate = True
