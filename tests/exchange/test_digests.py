"""The digest is scheduled by the jobs' upkeep (no command to run), goes once per period of the
learner's choice even when two workers find it due, and unsubscribes in one click."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from mooc import mail
from mooc.clock import utcnow
from mooc.exchange import digests, jobs, services
from mooc.exchange.models import ExchangeSettings
from mooc.extensions import db
from mooc.jobs.registry import UPKEEP
from mooc.jobs.runner import maintain
from mooc.transactions import transaction
from tests.exchange.helpers import sync_second_edition, two_cohorts


@pytest.fixture
def world(runner, tree):
    sync_second_edition(runner, tree)
    return two_cohorts()


def news(world, text="Desk talk") -> None:
    """Something new for Ana to read (a post in her cohort, by Bea)."""
    with transaction():
        services.notify([world["ana"].id], "post", world["bea"], "/x", text, mail_now=False)


def upkeep() -> None:
    """The features' part of the upkeep, as `maintain` runs it every minute, in the test's own
    session (on PostgreSQL the writes of the nested app context `maintain` opens are rolled back
    with the test's savepoint; `test_maintain_sends_it` runs `maintain` itself)."""
    for task in UPKEEP:
        task()


def a_day_passes(monkeypatch) -> None:
    """The clock moves on a day (for the digests: periods, claims and the hour's job)."""
    later = utcnow() + timedelta(days=1)
    monkeypatch.setattr(digests, "utcnow", lambda: later)


def test_maintain_sends_it(app, world, mailer):
    services.set_settings(world["ana"], "daily", False)
    news(world)
    maintain(app)  # what a worker runs every minute: no command
    sent = mailer.to(world["ana"].email)
    assert len(sent) == 1 and "Desk talk" in mailer.text(sent[0])


def test_the_upkeep_sends_the_digest_once_per_day(app, world, mailer, monkeypatch):
    assert jobs.queue_digests in UPKEEP  # run by every worker's upkeep, every minute
    ana = world["ana"]
    news(world)
    upkeep()
    assert mailer.to(ana.email) == []  # no digest chosen: none (off by default)
    services.set_settings(ana, "daily", False)
    upkeep()
    sent = mailer.to(ana.email)
    assert len(sent) == 1 and "Desk talk" in mailer.text(sent[0])
    assert "List-Unsubscribe-Post" in sent[0]  # RFC 8058 one-click
    news(world, "Later the same day")
    upkeep()
    upkeep()
    assert len(mailer.to(ana.email)) == 1  # once per day, however many upkeeps
    assert not digests.pending()
    a_day_passes(monkeypatch)
    upkeep()
    assert len(mailer.to(ana.email)) == 2
    assert "Later the same day" in mailer.text(mailer.to(ana.email)[1])


def test_two_workers_that_find_her_due_send_one_digest(app, world, mailer):
    ana = world["ana"]
    services.set_settings(ana, "weekly", False)
    news(world)
    first, second = digests.due(), digests.due()  # two workers look at the same moment
    assert [d.user_id for d in first] == [d.user_id for d in second] == [ana.id]
    outcomes = [jobs.send_one(first[0]), jobs.send_one(second[0])]
    assert outcomes == ["sent", None]
    assert len(mailer.to(ana.email)) == 1
    news(world, "More")
    assert digests.due() == []  # the week's digest went


def test_periods_start_at_midnight_and_on_monday():
    friday = datetime(2026, 12, 4, 15, 30)
    assert digests.period_start("daily", friday) == datetime(2026, 12, 4)
    assert digests.period_start("weekly", friday) == datetime(2026, 11, 30)
    monday = datetime(2026, 11, 30, 0, 0, 1)
    assert digests.period_start("weekly", monday) == datetime(2026, 11, 30)


def test_a_weekly_digest_waits_for_next_week(app, world, mailer):
    ana = world["ana"]
    services.set_settings(ana, "weekly", False)
    now = datetime(2026, 12, 4, 12)  # a Friday
    row = db.session.get(ExchangeSettings, ana.id)
    row.last_digest_at = datetime(2026, 11, 30, 9)  # this Monday
    db.session.commit()
    assert not digests.pending(now)
    row.last_digest_at = datetime(2026, 11, 29, 23)  # last Sunday
    db.session.commit()
    assert digests.pending(now)


def test_a_failed_mail_gives_the_period_back(app, world, mailer, monkeypatch):
    ana = world["ana"]
    services.set_settings(ana, "daily", False)
    news(world)

    def refuse(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(jobs, "deliver", refuse)
    with pytest.raises(OSError):
        jobs.send_one(digests.due()[0])
    assert [d.user_id for d in digests.due()] == [ana.id]  # a retry sends it
    monkeypatch.undo()
    assert jobs.send_one(digests.due()[0]) == "sent"


def test_one_click_unsubscribe_stops_the_digest(app, client, world, mailer, monkeypatch):
    ana = world["ana"]
    services.set_settings(ana, "daily", False)
    news(world)
    upkeep()
    link = mailer.to(ana.email)[0]["List-Unsubscribe"].strip("<>").split(">")[0]
    response = client.post(
        link.replace("https://learn.example", ""), data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code in (200, 204)
    assert mail.is_opted_out(ana.email, "digest")
    a_day_passes(monkeypatch)
    news(world, "After unsubscribing")
    upkeep()
    assert len(mailer.to(ana.email)) == 1


def test_two_worker_threads_on_their_own_connections_send_one_digest(tmp_path):
    """Real concurrency (threads with their own connections, a database of their own): both
    find her due before either sends; one claims the day, the other skips her."""
    import threading

    from mooc import create_app
    from mooc.exchange.models import Notification
    from tests.factories import UserFactory
    from tests.scratch import scratch_database

    with scratch_database(tmp_path, "digests") as url:
        app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "t"})
        with app.app_context():
            db.create_all()
            user = UserFactory()
            db.session.add(ExchangeSettings(user_id=user.id, digest="daily"))
            db.session.add(Notification(user_id=user.id, kind="post", excerpt="Desk talk"))
            db.session.commit()
            db.session.remove()
        both_found = threading.Barrier(2, timeout=30)
        outcomes = []

        def worker() -> None:
            with app.app_context():
                found = digests.due()
                both_found.wait()
                outcomes.extend(jobs.send_one(due) for due in found)
                db.session.remove()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    assert sorted(outcomes, key=str) == [None, "sent"]
