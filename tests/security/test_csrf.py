"""Every state-changing route refuses a request without a valid CSRF token (walks url_map)."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD, UserFactory
from tests.routes import WRITE_METHODS, build_world, rules, url, viewer

# Anonymous JSON endpoints: no cookie session to ride on, and JSON forces a CORS preflight.
JSON_ONLY = {"api.register", "api.token_login"}
# RFC 8058: a mail client posts the one-click unsubscribe with no cookie and no token; the
# signed link is the proof (tests/mail/test_mail.py), and it only ever turns mail off.
EXEMPT = {"mail.unsubscribe"}
ROUTES = [
    pytest.param(rule, method, id=f"{method} {rule.rule}")
    for rule in rules(WRITE_METHODS)
    if rule.endpoint not in EXEMPT
    for method in sorted((rule.methods or set()) & WRITE_METHODS)
]


def test_the_walk_finds_the_routes():
    endpoints = {p.values[0].endpoint for p in ROUTES}
    assert {"accounts.login", "courses.mark_done", "quizzes.submit", "api.submit"} <= endpoints


def signed_in_as(client, user) -> None:
    """Sign in through the login form, with its CSRF token."""
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf}
    )
    assert response.status_code == 302


@pytest.fixture
def signed_in(app, client, synced):
    """A signed-in learner, with CSRF protection on as in production."""
    user = UserFactory()
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf}
    )
    assert response.status_code == 302
    return user


def test_write_without_csrf_token_is_refused(app, synced):
    world = build_world()  # real objects: each refusal is the CSRF check's, not a 404
    app.config["WTF_CSRF_ENABLED"] = True
    clients: dict = {}
    wrong = []
    for param in ROUTES:
        rule, method = param.values
        user = viewer(rule, world) or world.learner
        if user.id not in clients:
            clients[user.id] = app.test_client()
            signed_in_as(clients[user.id], user)
        response = clients[user.id].open(url(rule, world), method=method, data={"x": "1"})
        refused = response.status_code == 400 and (
            not rule.endpoint.startswith("api.")
            or response.get_json()["error"]["code"] == "csrf_failed"
        )
        if not refused:
            wrong.append((method, rule.rule, response.status_code))
    assert wrong == []


@pytest.mark.parametrize("url", ["/api/v1/users", "/api/v1/tokens"])
def test_anonymous_api_writes_accept_only_json(app, client, url):
    app.config["WTF_CSRF_ENABLED"] = True
    assert {r.endpoint for r in app.url_map.iter_rules() if r.rule == url} <= JSON_ONLY
    response = client.post(url, data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 415


def test_write_with_the_token_goes_through(client, signed_in):
    page = client.get("/courses/demo/").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/courses/demo/enrol", data={"csrf_token": csrf})
    assert response.status_code == 302
    api = client.post("/api/v1/courses/demo/lessons/intro/done", headers={"X-CSRFToken": csrf})
    assert api.status_code == 200


def test_api_tokens_need_no_csrf_token(app, client, synced):
    app.config["WTF_CSRF_ENABLED"] = True
    user = UserFactory()
    plain = client.post(
        "/api/v1/tokens", json={"email": user.email, "password": PASSWORD, "name": "script"}
    ).get_json()["token"]
    client.delete_cookie("session")
    response = client.post(
        "/api/v1/courses/demo/enrolment", headers={"Authorization": f"Bearer {plain}"}
    )
    assert response.status_code == 201
