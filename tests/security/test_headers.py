"""Every GET route, opened with real objects by whoever may see it (tests/routes.py), answers
(no 403 or 404 hiding an untested page) and sends the security headers."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Auth
from tests.routes import KNOWN, REDIRECTS, build_world, rules, url, viewer

GET_RULES = rules({"GET"})


def test_every_argument_is_known():
    unknown = {a for rule in GET_RULES for a in rule.arguments} - KNOWN
    assert not unknown, f"add {unknown} to tests/routes.py VALUES"


@pytest.fixture
def walked(app, synced):
    """(url, response) of every GET route, each opened by its viewer with its own client."""
    world = build_world()
    clients = {}
    answers = []
    for rule in GET_RULES:
        user = viewer(rule, world)
        key = user.id if user else None
        if key not in clients:
            clients[key] = app.test_client()
            if user is not None:
                Auth(clients[key]).login(user)
        response = clients[key].get(url(rule, world))
        answers.append((rule, response))
    yield answers
    for _rule, response in answers:
        response.close()


def test_every_get_route_answers_its_viewer(walked):
    wrong = []
    for rule, response in walked:
        expected = {302} if rule.endpoint in REDIRECTS else {200}
        if response.status_code not in expected:
            wrong.append((rule.rule, response.status_code))
    assert wrong == []
    assert len(walked) >= 40


def test_every_get_route_sends_security_headers(walked):
    for rule, response in walked:
        headers = response.headers
        policy = headers["Content-Security-Policy"]
        script = re.search(r"(?:script-src|default-src) ([^;]+)", policy).group(1)
        assert "unsafe-inline" not in script and "unsafe-eval" not in script, rule.rule
        assert "frame-ancestors 'none'" in policy or "sandbox" in policy, rule.rule
        assert headers["X-Content-Type-Options"] == "nosniff", rule.rule
        assert headers["Referrer-Policy"], rule.rule
        assert headers["X-Frame-Options"] == "DENY", rule.rule


def test_pages_carry_no_inline_script(walked):
    for rule, response in walked:
        if response.mimetype == "text/html":
            assert "<script" not in response.get_data(as_text=True).lower(), rule.rule
