"""Links never come from the Host header: unknown hosts get 400, production refuses to start
without its secret key and base URL, and the headers that only make sense in production."""

from __future__ import annotations

import pytest

from mooc import create_app
from mooc.security import UnsafeConfiguration
from tests.factories import UserFactory

EVIL_HOSTS = [
    "evil.example",
    "EVIL.example",
    "evil.example:80",
    "learn.example.evil.example",
    "learn.example@evil.example",
    "evil.example#learn.example",
    "localhost.evil.example",
    "learn.example%2eevil.example",
    "xn--lern-fra.example",
    "learn.example:notaport",
    "[::2]",
]


@pytest.mark.parametrize("host", EVIL_HOSTS)
def test_a_request_for_an_unknown_host_is_refused(app, client, host):
    app.config["BASE_URL"] = "https://learn.example"
    for path in ("/", "/login", "/password/forgot", "/api/v1/courses", "/nowhere"):
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 400, (host, path)


def test_forgot_password_with_an_evil_host_sends_nothing_and_links_stay_on_the_base_url(
    app, client, mailer
):
    user = UserFactory()
    response = client.post(
        "/password/forgot", data={"email": user.email}, headers={"Host": "evil.example"}
    )
    assert response.status_code == 400
    assert mailer.messages == []
    client.post("/password/forgot", data={"email": user.email})
    (message,) = mailer.messages
    body = message.get_body(("plain",)).get_content()
    assert "https://learn.example/password/reset/" in body and "localhost" not in body


@pytest.mark.parametrize(
    "host", ["learn.example", "LEARN.example", "learn.example:443", "alias.example"]
)
def test_the_base_url_host_and_listed_aliases_are_served(app, client, host):
    app.config.update(BASE_URL="https://learn.example", MOOC_TRUSTED_HOSTS="alias.example, other")
    assert client.get("/login", headers={"Host": host}).status_code == 200


def production(**config):
    return create_app({"DATABASE_URL": "sqlite://", **config})


def test_production_refuses_the_default_secret_key(monkeypatch):
    monkeypatch.delenv("MOOC_SECRET_KEY", raising=False)
    monkeypatch.delenv("MOOC_DEVELOPMENT", raising=False)
    with pytest.raises(UnsafeConfiguration, match="MOOC_SECRET_KEY"):
        production(BASE_URL="https://learn.example")
    with pytest.raises(UnsafeConfiguration, match="MOOC_SECRET_KEY"):
        production(BASE_URL="https://learn.example", SECRET_KEY="")


def test_production_refuses_to_start_without_a_base_url(monkeypatch):
    monkeypatch.delenv("MOOC_BASE_URL", raising=False)
    monkeypatch.delenv("MOOC_DEVELOPMENT", raising=False)
    with pytest.raises(UnsafeConfiguration, match="MOOC_BASE_URL"):
        production(SECRET_KEY="a long random value")


def test_production_starts_with_both_and_development_without(monkeypatch):
    monkeypatch.delenv("MOOC_DEVELOPMENT", raising=False)
    production(SECRET_KEY="a long random value", BASE_URL="https://learn.example")
    production(DEVELOPMENT=True)


def test_hsts_over_https_only(app, client):
    plain = client.get("/login")
    assert "Strict-Transport-Security" not in plain.headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_hsts_behind_a_proxy_that_says_https(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "DATABASE_URL": f"sqlite:///{tmp_path}/p.db",
            "PROXIES": 1,
        }
    )
    with app.app_context():
        from mooc.extensions import db

        db.create_all()
    client = app.test_client()
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers
    # The proxy never chooses the host of links.
    response = client.get("/login", headers={"X-Forwarded-Host": "evil.example"})
    assert response.status_code == 200


def test_permissions_policy_everywhere(client):
    for path in ("/", "/login", "/api/v1/courses", "/nowhere"):
        policy = client.get(path).headers["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy
