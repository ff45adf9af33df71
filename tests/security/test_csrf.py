"""Every state-changing route refuses a request without a valid CSRF token (walks url_map)."""

from __future__ import annotations

import re

import pytest

from mooc import create_app
from tests.factories import PASSWORD, UserFactory

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Anonymous JSON endpoints: no cookie session to ride on, and JSON forces a CORS preflight.
JSON_ONLY = {"api.register", "api.token_login"}
ARGUMENTS = {
    "slug": "demo",
    "item": "intro",
    "course_slug": "demo",
    "number": 1,
    "token_id": 1,
    "token": "x",
    "name": "map.svg",
    "cohort_id": 1,
    "fmt": "csv",
}


def write_routes():
    app = create_app({"TESTING": True, "SECRET_KEY": "t"})
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & WRITE_METHODS):
            url = rule.rule
            for argument in rule.arguments:
                url = re.sub(rf"<(?:\w+:)?{argument}>", str(ARGUMENTS.get(argument, "x")), url)
            found.append(pytest.param(rule.endpoint, method, url, id=f"{method} {rule.rule}"))
    return found


ROUTES = write_routes()


def test_the_walk_finds_the_routes():
    endpoints = {p.values[0] for p in ROUTES}
    assert {"accounts.login", "courses.mark_done", "quizzes.submit", "api.submit"} <= endpoints


@pytest.fixture
def signed_in(app, client, synced):
    """A signed-in learner, with CSRF protection on as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    user = UserFactory()
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf}
    )
    assert response.status_code == 302
    return user


@pytest.mark.parametrize(("endpoint", "method", "url"), ROUTES)
def test_write_without_csrf_token_is_refused(client, signed_in, endpoint, method, url):
    response = client.open(url, method=method, data={"x": "1"})
    assert response.status_code == 400, (endpoint, response.status_code)
    if endpoint.startswith("api."):
        assert response.get_json()["error"]["code"] == "csrf_failed"
    else:
        assert "CSRF" in response.get_data(as_text=True) or response.status_code == 400


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
