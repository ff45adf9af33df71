"""A copied session cookie is useless after sign-out and after a password change, everywhere.

tests/accounts checks one page; here a copy of the cookie is tried on every GET route that needs
a signed-in user (walked from url_map), and must get what an anonymous visitor gets.
"""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD
from tests.routes import build_world, rules, url, viewer

NEW_PASSWORD = "a brand new password"
GET_RULES = rules({"GET"})


def answer(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    found = (response.status_code, response.headers.get("Location", "").split("?")[0])
    response.close()
    return found


def sign_out(client, learner):
    assert client.post("/logout").status_code == 302


def change_password_on_the_page(client, learner):
    response = client.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 302


def change_password_in_the_api(client, learner):
    response = client.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 204


@pytest.mark.parametrize(
    "event", [sign_out, change_password_on_the_page, change_password_in_the_api]
)
def test_a_copied_cookie_gets_what_a_visitor_gets(app, client, auth, synced, event):
    world = build_world()  # the learner's own objects: her pages answer her, not a 404
    auth.login(world.learner)
    enrolled = world.learner
    anonymous = app.test_client()
    urls = [url(rule, world) for rule in GET_RULES if viewer(rule, world) is world.learner]
    protected = {found: answer(anonymous, found) for found in urls}
    protected = {
        url: found
        for url, found in protected.items()
        if found[0] == 401 or (found[0] == 302 and found[1] == "/login")
    }
    assert {"/account", "/api/v1/me", "/courses/demo/lessons/intro"} <= set(protected)
    assert f"/certificates/{world.certificate.code}.pdf" in protected
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert answer(thief, "/account")[0] == 200  # the copy works while the session lives
    event(client, enrolled)
    wrong = {url: answer(thief, url) for url in protected}
    assert {url: found for url, found in wrong.items() if found != protected[url]} == {}
