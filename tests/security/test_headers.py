"""Security headers on every page and API answer (routes walked from url_map)."""

from __future__ import annotations

import re

import pytest

from mooc import create_app

ARGUMENTS = {
    "slug": "demo",
    "item": "intro",
    "course_slug": "demo",
    "number": 1,
    "token_id": 1,
    "token": "x",
    "name": "map.svg",
    "filename": "style.css",
}


def get_routes():
    app = create_app({"TESTING": True, "SECRET_KEY": "t"})
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()):
            continue
        url = rule.rule
        for argument in rule.arguments:
            url = re.sub(rf"<(?:\w+:)?{argument}>", str(ARGUMENTS.get(argument, "x")), url)
        found.append(pytest.param(url, id=rule.rule))
    return found


@pytest.mark.parametrize("url", get_routes())
def test_every_get_route_sends_security_headers(client, enrolled, url):
    response = client.get(url)
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    script = re.search(r"(?:script-src|default-src) ([^;]+)", policy).group(1)
    assert "unsafe-inline" not in script and "unsafe-eval" not in script
    assert "frame-ancestors 'none'" in policy or "sandbox" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    response.close()


def test_pages_carry_no_inline_script(client, enrolled):
    for url in ("/", "/courses/demo/", "/courses/demo/lessons/intro", "/account", "/login"):
        page = client.get(url).get_data(as_text=True)
        assert "<script" not in page.lower()
