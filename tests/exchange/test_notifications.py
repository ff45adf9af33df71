"""Notifications in the app (a count in the header, a list) and by mail; the digest with its
one-click unsubscribe."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mooc.exchange import digests, services
from mooc.exchange.models import Notification
from mooc.extensions import db
from tests.exchange.helpers import answer, sync_second_edition, two_cohorts


@pytest.fixture
def world(runner, tree):
    sync_second_edition(runner, tree)
    return two_cohorts()


def test_the_header_counts_and_the_list_shows(client, auth, world):
    mine = answer(world["ana"], "Ana idea", share_cohort=True)
    answer(world["bea"], "Bea idea", share_cohort=True)
    services.reply(world["bea"], mine, world["a"].id, "Good one", "en")
    auth.login(world["ana"])
    page = client.get("/notifications").get_data(as_text=True)
    assert "Bea Montevideo replied to you" in page or "Bea Montevideo le respondió" in page
    assert "1 new" in client.get("/courses/demo/").get_data(as_text=True) or "1 nuevas" in (
        client.get("/courses/demo/").get_data(as_text=True)
    )
    client.post("/notifications/read")
    assert db.session.scalar(select(Notification.read_at)) is not None
    assert client.get("/api/v1/notifications").get_json()[0]["read"] is True


def test_the_digest_goes_once_per_period_and_unsubscribes_in_one_click(client, auth, world, mailer):
    services.set_settings(world["ana"], "daily", False)
    trainer = world["trainer_a"]
    from tests.exchange.helpers import prompt

    services.start_discussion(trainer, world["a"], prompt().module_id, "Desk talk", "Tell us")
    services.notify([world["ana"].id], "post", world["carla"], "/x", "from afar", cities=True)
    digests.start()
    mails = [
        m
        for m in mailer.to(world["ana"].email)
        if "digest" in m["Subject"].lower() or "resumen" in m["Subject"].lower()
    ]
    assert len(mails) == 1
    text = mailer.text(mails[0])
    assert "Desk talk" in text and "from afar" not in text  # other cities: off by default
    assert "https://learn.example/discussions/" in text
    assert "List-Unsubscribe-Post" in mails[0]
    digests.start()  # same hour: the same job, nothing more
    assert len([m for m in mailer.to(world["ana"].email)]) == len(mailer.to(world["ana"].email))
    assert digests.due() == []  # nothing new since
    link = mails[0]["List-Unsubscribe"].strip("<>").split(">")[0]
    path = link.replace("https://learn.example", "")
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code in (200, 204)
    from mooc import mail

    assert mail.is_opted_out(world["ana"].email, "digest")
