"""Sharing with the cohort (Moodle's Q and A way), across cities, replies, useful marks, reports,
hiding, mutes, and cohort isolation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mooc.exchange.models import Answer, Notification, Post, Report
from mooc.extensions import db
from tests.exchange.helpers import answer, sync_second_edition, two_cohorts

PROMPT = "/courses/demo/reflections/first-step"


@pytest.fixture
def world(runner, tree):
    sync_second_edition(runner, tree)
    return two_cohorts()


def page(client, url=PROMPT) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_others_answers_show_once_hers_is_shared(client, auth, world):
    answer(world["ana"], "Ana desk idea", share_cohort=True)
    auth.login(world["bea"])
    assert "Ana desk idea" not in page(client)
    answer(world["bea"], "Bea's private draft")
    assert "Ana desk idea" not in page(client)
    client.post(PROMPT, data={"body": "Bea's idea", "share_cohort": "1"})
    shown = page(client)
    assert "Ana desk idea" in shown
    assert "Ana Montevideo" in shown and "Montevideo</span>" in shown  # her city beside her name


def test_a_trainer_can_open_a_prompt_to_all_of_the_cohort(client, auth, world):
    answer(world["ana"], "Ana desk idea", share_cohort=True)
    auth.login(world["trainer_a"])
    cohort = world["a"].id
    trainer_page = page(client, f"/cohorts/{cohort}/exchange/answers?prompt=first-step")
    assert "Ana desk idea" in trainer_page
    client.post(f"/cohorts/{cohort}/exchange/open", data={"prompt": "first-step"})
    auth.logout()
    auth.login(world["bea"])
    assert "Ana desk idea" in page(client)


def test_another_cohort_sees_nothing_and_gets_404(client, auth, world):
    shared = answer(world["ana"], "Ana desk idea", share_cohort=True)
    auth.login(world["carla"])
    answer(world["carla"], "Carla's idea", share_cohort=True)
    assert "Ana desk idea" not in page(client)
    for url in (
        f"/exchange/answers/{shared.id}/replies",
        f"/exchange/answers/{shared.id}/useful",
        f"/exchange/answers/{shared.id}/report",
        f"/exchange/answers/{shared.id}/hide",
    ):
        assert client.post(url, data={"body": "x", "reason": "x"}).status_code == 404, url
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0
    auth.logout()
    auth.login(world["trainer_b"])
    assert client.get(f"/cohorts/{world['a'].id}/exchange").status_code == 404
    assert client.post(f"/exchange/answers/{shared.id}/hide").status_code == 404


def test_across_cities_with_region_filter(client, auth, world):
    answer(world["ana"], "From Montevideo", share_cities=True)
    auth.login(world["carla"])
    assert "From Montevideo" not in page(client)
    client.post(PROMPT, data={"body": "From Barcelona", "share_cities": "1"})
    shown = page(client)
    assert "From Montevideo" in shown and "UY" in shown and "Amérique latine" in shown
    assert "From Montevideo" in page(client, PROMPT + "?region=latin-america")
    assert "From Montevideo" not in page(client, PROMPT + "?region=europe")


def test_replies_useful_marks_reports_and_hiding(client, auth, world, mailer):
    shared = answer(world["ana"], "Ana desk idea", share_cohort=True)
    answer(world["bea"], "Bea's idea", share_cohort=True)
    auth.login(world["bea"])
    response = client.post(f"/exchange/answers/{shared.id}/replies", data={"body": "Nice *one*"})
    assert response.status_code == 302
    assert client.post(f"/exchange/answers/{shared.id}/useful").status_code == 302
    shown = page(client)
    assert "Nice <em>one</em>" in shown and "1 found it useful" in shown
    client.post(f"/exchange/answers/{shared.id}/report", data={"reason": "off topic"})
    assert db.session.scalar(select(func.count()).select_from(Report)) == 1
    kinds = set(db.session.scalars(select(Notification.kind)))
    assert kinds == {"reply", "report"}
    mails = mailer.to(world["ana"].email)
    assert mails and "Bea Montevideo" in mails[0]["Subject"]
    assert "https://learn.example/courses/demo/reflections/first-step" in mailer.text(mails[0])
    auth.logout()
    auth.login(world["trainer_a"])
    queue = page(client, f"/cohorts/{world['a'].id}/exchange/reports")
    assert "off topic" in queue
    client.post(f"/exchange/answers/{shared.id}/hide")
    assert db.session.get(Answer, shared.id).hidden_at is not None
    assert db.session.scalar(select(Report.resolved_at)) is not None
    auth.logout()
    auth.login(world["bea"])
    assert "Ana desk idea" not in page(client)


def test_a_muted_learner_cannot_post_or_share(client, auth, world):
    shared = answer(world["ana"], "Ana desk idea", share_cohort=True)
    answer(world["bea"], "Bea's idea", share_cohort=True)
    auth.login(world["trainer_a"])
    client.post(f"/cohorts/{world['a'].id}/exchange/mutes", data={"user_id": world["bea"].id})
    auth.logout()
    auth.login(world["bea"])
    client.post(f"/exchange/answers/{shared.id}/replies", data={"body": "hello"})
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0


def test_posting_too_fast_is_refused(app, client, auth, world):
    app.config["EXCHANGE_POSTS_PER_MINUTE"] = 3
    shared = answer(world["ana"], "Ana desk idea", share_cohort=True)
    answer(world["bea"], "Bea's idea", share_cohort=True)
    auth.login(world["bea"])
    for number in range(5):
        client.post(f"/exchange/answers/{shared.id}/replies", data={"body": f"reply {number}"})
    assert db.session.scalar(select(func.count()).select_from(Post)) == 3


def test_authors_edit_and_delete_their_posts(client, auth, world):
    shared = answer(world["ana"], "Ana desk idea", share_cohort=True)
    answer(world["bea"], "Bea's idea", share_cohort=True)
    auth.login(world["bea"])
    client.post(f"/exchange/answers/{shared.id}/replies", data={"body": "first"})
    post = db.session.scalar(select(Post))
    assert client.get(f"/exchange/posts/{post.id}/edit").status_code == 200
    client.post(f"/exchange/posts/{post.id}/edit", data={"body": "second"})
    assert db.session.get(Post, post.id).body == "second"
    auth.logout()
    auth.login(world["ana"])
    assert client.get(f"/exchange/posts/{post.id}/edit").status_code == 404
    assert client.post(f"/exchange/posts/{post.id}/delete").status_code == 404
    auth.logout()
    auth.login(world["bea"])
    client.post(f"/exchange/posts/{post.id}/delete")
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0
