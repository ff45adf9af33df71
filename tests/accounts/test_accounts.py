"""Accounts through the pages: register, sign in and out, profile, password, reset, tokens."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from mooc import create_app
from mooc.accounts.models import ApiToken, User
from mooc.extensions import db
from tests.factories import PASSWORD, CityFactory, UserFactory

NEW = {"email": "Min-Ji@Example.org", "password": "a long password", "display_name": "Min-ji"}


def test_register_creates_an_account_and_signs_in(client):
    city = CityFactory(name="Gwangju", local_name="광주")
    response = client.post(
        "/register",
        data={**NEW, "certificate_name": "김민지", "city_id": str(city.id), "language": "es"},
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert (user.email, user.certificate_name, user.city_id, user.language, user.role) == (
        "min-ji@example.org",
        "김민지",
        city.id,
        "es",
        "learner",
    )
    assert user.password_hash.startswith("scrypt:")
    page = client.get("/account").get_data(as_text=True)
    assert '<html lang="es">' in page  # her language from now on
    assert "김민지" in page


def test_register_refuses_bad_input_and_keeps_nothing(client):
    response = client.post(
        "/register", data={"email": "not-an-email", "password": "short", "display_name": ""}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter a valid email address." in page
    assert "Use between 8 and 128 characters." in page
    assert "This field is required." in page
    assert 'aria-invalid="true"' in page
    assert db.session.scalar(select(User)) is None


def test_register_twice_with_another_case_is_refused(client):
    UserFactory(email="min-ji@example.org")
    response = client.post("/register", data=NEW)
    assert response.status_code == 400
    assert "cannot be used to create an account" in response.get_data(as_text=True)
    assert db.session.query(User).count() == 1


def test_login_is_case_insensitive_and_failure_is_generic(client):
    user = UserFactory(email="ana@example.org")
    wrong = client.post("/login", data={"email": "ana@example.org", "password": "nope nope"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "nope nope"})
    assert wrong.status_code == unknown.status_code == 400
    message = "The email or the password is not correct."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    response = client.post("/login", data={"email": "ANA@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert user.display_name in client.get("/").get_data(as_text=True)


def test_login_starts_a_new_session(client):
    user = UserFactory()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session


def test_next_only_follows_local_paths(client):
    user = UserFactory()
    response = client.post(
        "/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD}
    )
    assert response.location == "/learning"
    client.post("/logout")
    response = client.post(
        "/login?next=/courses/demo/", data={"email": user.email, "password": PASSWORD}
    )
    assert response.location == "/courses/demo/"


def test_old_session_cookie_is_useless_after_logout(app, client, learner):
    cookie = client.get_cookie("session").value
    assert client.get("/account").status_code == 200
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/account").status_code == 302  # back to the sign-in page


def test_password_change_ends_other_sessions(app, client, learner):
    other = app.test_client()
    other.post("/login", data={"email": learner.email, "password": PASSWORD})
    assert other.get("/account").status_code == 200
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "a brand new password"},
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200  # this session continues
    assert other.get("/account").status_code == 302
    wrong = client.post(
        "/account/password",
        data={"current_password": "not it at all", "new_password": "another new password"},
    )
    assert wrong.status_code == 400


def test_profile_update(client, learner):
    city = CityFactory(name="Montevideo", country="UY", region="latin-america")
    response = client.post(
        "/account",
        data={
            "display_name": "Ana",
            "certificate_name": "Ana María Pérez",
            "city_id": str(city.id),
            "language": "fr",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, learner.id)
    assert (user.display_name, user.certificate_name, user.city_id, user.language) == (
        "Ana",
        "Ana María Pérez",
        city.id,
        "fr",
    )
    bad = client.post(
        "/account",
        data={"display_name": "Ana", "city_id": "99999", "language": "fr", "certificate_name": "x"},
    )
    assert bad.status_code == 400


def test_forgotten_password_link_works_once(app, client):
    user = UserFactory()
    unknown = client.post("/password/forgot", data={"email": "nobody@example.org"})
    known = client.post("/password/forgot", data={"email": user.email.upper()})
    assert unknown.status_code == known.status_code == 302  # same answer either way
    outbox = app.extensions["mooc_outbox"]
    assert len(outbox) == 1 and outbox[0]["To"] == user.email
    body = outbox[0].get_body(("plain",)).get_content()
    link = re.search(r"http://localhost(/password/reset/\S+)", body).group(1)
    assert client.post(link, data={"new_password": "my new password"}).status_code == 302
    again = client.post(link, data={"new_password": "another password"})
    assert again.status_code == 400
    assert "expired or was already used" in again.get_data(as_text=True)
    assert (
        client.post("/login", data={"email": user.email, "password": "my new password"}).status_code
        == 302
    )


def test_reset_link_expires(app, client, monkeypatch):
    from mooc.accounts import services

    user = UserFactory()
    with app.test_request_context():
        token = services.reset_token(user)
    monkeypatch.setattr(services, "RESET_MAX_AGE", -1)
    response = client.post(f"/password/reset/{token}", data={"new_password": "my new password"})
    assert response.status_code == 400


def test_api_tokens_are_stored_hashed_and_revocable(client, learner):
    client.post("/account/tokens", data={"name": "reporting script"})
    page = client.get("/account").get_data(as_text=True)
    plain = re.search(r"<code>(mooc_[^<]+)</code>", page).group(1)
    token = db.session.scalar(select(ApiToken))
    assert plain not in token.token_hash and len(token.token_hash) == 64
    assert plain not in client.get("/account").get_data(as_text=True)  # shown once
    other = UserFactory()
    client.post("/logout")
    client.post("/login", data={"email": other.email, "password": PASSWORD})
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404


def test_users_create_command(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Admin@Example.org",
            "--name",
            "Admin",
            "--role",
            "admin",
            "--password",
            "a long password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User)).role == "admin"
    again = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "admin@example.org",
            "--name",
            "Admin",
            "--password",
            "a long password",
        ]
    )
    assert again.exit_code == 1
    short = runner.invoke(
        args=["users", "create", "--email", "b@example.org", "--name", "B", "--password", "short"]
    )
    assert short.exit_code == 1 and "password" in short.output


@pytest.fixture
def limited_app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'limited.sqlite3'}",
            "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
            "LOGIN_LIMIT_PER_ADDRESS": "100 per minute",
        }
    )
    with app.app_context():
        if database_url is None:
            db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_login_is_throttled_per_account_whatever_the_case(limited_app):
    client = limited_app.test_client()
    statuses = [
        client.post("/login", data={"email": email, "password": "wrong password"}).status_code
        for email in ("ana@example.org", "ANA@example.org", "Ana@Example.org", "ana@EXAMPLE.org")
    ]
    assert statuses == [400, 400, 400, 429]
    other = client.post("/login", data={"email": "bob@example.org", "password": "wrong password"})
    assert other.status_code == 400


def test_cookies_are_http_only_and_lax(client, learner):
    response = client.post("/login", data={"email": learner.email, "password": PASSWORD})
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header


def test_form_errors_in_the_visitors_language(client):
    response = client.post(
        "/register?lang=fr", data={"email": "x", "password": "a long password", "display_name": "X"}
    )
    assert "Saisissez une adresse e-mail valide." in response.get_data(as_text=True)


def test_users_role_command_changes_the_role_and_ends_sessions(runner, client, auth):
    user = UserFactory(email="lucia@example.org")
    auth.login(user)
    result = runner.invoke(args=["users", "role", "Lucia@Example.org", "trainer"])
    assert result.exit_code == 0, result.output
    assert "lucia@example.org is now trainer." in result.output
    assert user.role == "trainer"
    assert client.get("/cohorts").status_code == 302  # signed out: sign in again for the new role
    missing = runner.invoke(args=["users", "role", "nobody@example.org", "trainer"])
    assert missing.exit_code == 1 and "No account has this email." in missing.output
    wrong = runner.invoke(args=["users", "role", "lucia@example.org", "king"])
    assert wrong.exit_code != 0 and user.role == "trainer"
