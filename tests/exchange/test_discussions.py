"""Cohort discussions: started by trainers, threads and replies, pins, endorsement, isolation,
notifications; the XSS corpus through posts and replies."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mooc.exchange.models import Discussion, Notification, Post
from mooc.extensions import db
from tests.exchange.helpers import prompt, sync_second_edition, two_cohorts
from tests.security.test_xss import PAYLOADS, parse, problems


@pytest.fixture
def world(runner, tree):
    sync_second_edition(runner, tree)
    return two_cohorts()


def start(client, auth, world) -> Discussion:
    auth.login(world["trainer_a"])
    response = client.post(
        f"/cohorts/{world['a'].id}/discussions",
        data={"module_id": prompt().module_id, "title": "Your first desk", "body": "Tell us"},
    )
    assert response.status_code == 302
    auth.logout()
    return db.session.scalar(select(Discussion))


def test_threads_replies_pins_and_endorsement(client, auth, world):
    discussion = start(client, auth, world)
    url = f"/discussions/{discussion.id}"
    auth.login(world["ana"])
    client.post(f"{url}/posts", data={"body": "Our desk opens in May"})
    thread = db.session.scalar(select(Post))
    auth.logout()
    auth.login(world["bea"])
    client.post(f"{url}/posts", data={"body": "Who staffs it?", "parent": thread.id})
    client.post(f"{url}/posts", data={"body": "Another thread"})
    page = client.get(url).get_data(as_text=True)
    assert "Our desk opens in May" in page and "Who staffs it?" in page
    assert db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.kind == "reply")
    )
    # a reply to a reply is refused: one level
    reply = db.session.scalar(select(Post).where(Post.parent_id.is_not(None)))
    assert client.post(f"{url}/posts", data={"body": "x", "parent": reply.id}).status_code == 404
    auth.logout()
    auth.login(world["trainer_a"])
    client.post(f"/exchange/posts/{thread.id}/flag", data={"flag": "pinned", "value": "1"})
    client.post(f"/exchange/posts/{reply.id}/flag", data={"flag": "endorsed", "value": "1"})
    page = client.get(url).get_data(as_text=True)
    assert page.index("Our desk opens in May") < page.index("Another thread")  # pinned first
    assert "Endorsed by a trainer" in page
    auth.logout()
    auth.login(world["ana"])  # a learner cannot pin
    assert (
        client.post(f"/exchange/posts/{thread.id}/flag", data={"flag": "pinned"}).status_code == 404
    )


def test_another_cohort_gets_404_everywhere(client, auth, world):
    discussion = start(client, auth, world)
    auth.login(world["ana"])
    client.post(f"/discussions/{discussion.id}/posts", data={"body": "Ours"})
    thread = db.session.scalar(select(Post))
    auth.logout()
    for user in (world["carla"], world["trainer_b"]):
        auth.login(user)
        assert client.get(f"/discussions/{discussion.id}").status_code == 404
        assert client.get(f"/api/v1/discussions/{discussion.id}").status_code == 404
        assert (
            client.post(f"/discussions/{discussion.id}/posts", data={"body": "x"}).status_code
            == 404
        )
        for action in ("report", "hide", "flag", "edit", "delete"):
            response = client.post(f"/exchange/posts/{thread.id}/{action}", data={"reason": "x"})
            assert response.status_code == 404, (user, action)
        auth.logout()
    assert db.session.scalar(select(func.count()).select_from(Post)) == 1


def test_the_xss_corpus_is_inert_in_posts_and_replies(app, client, auth, world):
    app.config["EXCHANGE_POSTS_PER_MINUTE"] = 10_000
    discussion = start(client, auth, world)
    auth.login(world["ana"])
    url = f"/discussions/{discussion.id}"
    for _name, payload in PAYLOADS:
        client.post(f"{url}/posts", data={"body": payload})
    thread = db.session.scalar(select(Post))
    for _name, payload in PAYLOADS:
        client.post(f"{url}/posts", data={"body": payload, "parent": thread.id})
    bodies = [html for (html,) in db.session.execute(select(Post.body_html))]
    assert len(bodies) == 2 * len(PAYLOADS)
    for html in bodies:
        assert problems(parse(html).page, ()) == [], html
    for number in range(1, 6):  # every thread, with its replies, through the pages
        page = client.get(f"{url}?page={number}").get_data(as_text=True)
        assert problems(parse(page).elements, ()) == []
    api = client.get(f"/api/v1/discussions/{discussion.id}").get_json()
    for thread in api["threads"]:
        assert problems(parse(thread["body_html"]).page, ()) == []
