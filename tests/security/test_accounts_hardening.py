"""Redirects after sign-in, API tokens, enumeration through the API, one sign-in budget per
account, passwords kept as typed and common ones refused, and no-store on personal answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from mooc import create_app
from mooc.accounts.models import ApiToken, User
from mooc.accounts.services import reset_token
from mooc.extensions import db
from mooc.urls import local_path
from tests.factories import PASSWORD, UserFactory

BAD_NEXT = [
    "//evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    " //evil.example",
    "\x00//evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "/\t\t/evil.example",
    "\t//evil.example",
    "///evil.example",
    "/foo\nSet-Cookie: x=1",
    "evil.example",
]


@pytest.mark.parametrize("target", BAD_NEXT)
def test_local_path_refuses_what_a_browser_would_read_as_another_site(target):
    assert local_path(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/courses/demo/", "/courses/demo/?lang=fr", "/join/ABC#x"])
def test_local_path_keeps_paths_of_this_site(target):
    assert local_path(target, "/home") == target


@pytest.mark.parametrize("target", BAD_NEXT)
def test_sign_in_and_register_never_leave_the_site(client, target):
    user = UserFactory()
    response = client.post(
        "/login", query_string={"next": target}, data={"email": user.email, "password": PASSWORD}
    )
    if "\x00" in target:  # no honest client sends NUL: refused before anything happens
        assert response.status_code == 400
        return
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "evil.example" not in location
    client.post("/logout")
    response = client.post(
        "/register",
        query_string={"next": target},
        data={
            "email": f"new{abs(hash(target))}@example.org",
            "password": "a long password",
            "display_name": "New",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "evil.example" not in response.headers["Location"]
    client.post("/logout")


def token_for(client, user, password=PASSWORD) -> str:
    response = client.post(
        "/api/v1/tokens", json={"email": user.email, "password": password, "name": "script"}
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def bearer(plain: str) -> dict:
    return {"Authorization": f"Bearer {plain}"}


def test_tokens_end_with_a_password_change_on_the_page_and_the_api(client, auth):
    user = UserFactory()
    plain, other = token_for(client, user), token_for(client, user)
    auth.login(user)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "a brand new password"},
    )
    assert response.status_code == 302
    client.delete_cookie("session")
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(other)).status_code == 401
    third = token_for(client, user, "a brand new password")
    response = client.post(
        "/api/v1/me/password",
        headers=bearer(third),
        json={"current_password": "a brand new password", "new_password": "yet another one!"},
    )
    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=bearer(third)).status_code == 401


def test_tokens_end_with_a_password_reset(client):
    user = UserFactory()
    plain = token_for(client, user)
    response = client.post(
        f"/password/reset/{reset_token(user)}", data={"new_password": "my new password"}
    )
    assert response.status_code == 302
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 401


def test_sign_out_everywhere_ends_sessions_and_tokens(app, client, auth):
    user = UserFactory()
    plain = token_for(client, user)
    auth.login(user)
    copy = app.test_client()
    auth_copy = type(auth)(copy)
    auth_copy.login(user)
    assert client.post("/account/sign-out-everywhere").status_code == 302
    assert client.get("/account").status_code == 302
    assert copy.get("/account").status_code == 302
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 401


def test_a_simple_sign_out_keeps_the_tokens(client, auth):
    user = UserFactory()
    plain = token_for(client, user)
    auth.login(user)
    client.post("/logout")
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 200


def test_last_use_is_recorded_at_most_once_a_minute(client, count_queries):
    user = UserFactory()
    plain = token_for(client, user)
    row = db.session.scalar(select(ApiToken))
    assert row.last_used_at is None
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 200
    db.session.expire_all()
    first = db.session.scalar(select(ApiToken)).last_used_at
    assert first is not None
    with count_queries() as counter:
        for _ in range(3):
            client.get("/api/v1/me", headers=bearer(plain))
    assert not [s for s in counter.writes if "api_tokens" in s]
    db.session.execute(
        ApiToken.__table__.update().values(last_used_at=first - timedelta(minutes=2))
    )
    db.session.commit()
    db.session.expire_all()
    with count_queries() as counter:
        client.get("/api/v1/me", headers=bearer(plain))
    assert len([s for s in counter.writes if "api_tokens" in s]) == 1
    listed = client.get("/api/v1/me/tokens", headers=bearer(plain)).get_json()
    assert listed[0]["last_used_at"]


NEW = {"password": "a long password", "display_name": "Kim"}


def test_api_registration_answers_alike_for_a_new_and_a_taken_email(client, mailer):
    taken = UserFactory(email="taken@example.org")
    fresh = client.post("/api/v1/users", json={"email": "fresh@example.org", **NEW})
    again = client.post("/api/v1/users", json={"email": "TAKEN@example.org", **NEW})
    assert fresh.status_code == again.status_code == 202
    assert fresh.get_json() == again.get_json()
    assert set(fresh.headers) == set(again.headers)
    (warning,) = [m for m in mailer.messages if m["To"] == taken.email]
    assert "https://learn.example/password/forgot" in warning.get_body(("plain",)).get_content()
    assert db.session.scalar(select(User).where(User.email == "fresh@example.org"))


@pytest.fixture
def limited(tmp_path):
    """Rate limits on, on a SQLite file of its own (limits do not depend on the database, and
    these tests commit)."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'limited.sqlite3'}",
            "RATELIMIT_STORAGE_URI": "memory://",
            "LOGIN_LIMIT_PER_ACCOUNT": "4 per minute",
            "LOGIN_LIMIT_PER_ADDRESS": "1000 per minute",
            "REGISTER_LIMIT_PER_EMAIL": "3 per hour",
            "JOBS_URL": "memory://",
            "JOBS_IMMEDIATE": True,
        }
    )
    from mooc.extensions import limiter

    with app.app_context():
        limiter.reset()
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_api_registration_is_limited_per_address_whatever_its_case(limited):
    client = limited.test_client()
    emails = ["ana@example.org", "ANA@example.org", " Ana@Example.org", "ana@example.org"]
    statuses = [
        client.post("/api/v1/users", json={"email": email, **NEW}).status_code for email in emails
    ]
    assert statuses == [202, 202, 202, 429]
    assert client.post("/api/v1/users", json={"email": "bo@example.org", **NEW}).status_code == 202


def test_one_failure_budget_per_account_across_page_and_api(limited):
    client = limited.test_client()
    with limited.app_context():
        user = UserFactory(email="kim@example.org")
        db.session.commit()
    wrong = {"email": "kim@example.org", "password": "wrong password"}
    assert client.post("/login", data=wrong).status_code == 400
    assert client.post("/api/v1/tokens", json={**wrong, "name": "x"}).status_code == 401
    assert client.post("/login", data={**wrong, "email": "KIM@example.org"}).status_code == 400
    assert client.post("/api/v1/tokens", json={**wrong, "name": "x"}).status_code == 401
    # The budget is spent: even the right password waits, on both routes.
    right = {"email": user.email, "password": PASSWORD}
    assert client.post("/login", data=right).status_code == 429
    assert client.post("/api/v1/tokens", json={**right, "name": "x"}).status_code == 429


def test_successful_sign_ins_do_not_spend_the_budget(limited):
    client = limited.test_client()
    with limited.app_context():
        UserFactory(email="lee@example.org")
        db.session.commit()
    for _ in range(6):
        response = client.post("/login", data={"email": "lee@example.org", "password": PASSWORD})
        assert response.status_code == 302
        client.post("/logout")


@pytest.mark.parametrize("password", ["  spaces around  ", "\tlead tab password", "trail   "])
def test_passwords_are_kept_as_typed(client, password):
    email = f"p{abs(hash(password))}@example.org"
    response = client.post(
        "/register", data={"email": email, "password": password, "display_name": "P"}
    )
    assert response.status_code == 302
    client.post("/logout")
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    client.post("/logout")
    stripped = {"email": email, "password": password.strip()}
    assert client.post("/login", data=stripped).status_code == 400


def test_an_account_made_when_passwords_were_trimmed_still_signs_in(client):
    user = UserFactory()  # its password was stored as typed without spaces
    response = client.post("/login", data={"email": user.email, "password": f"  {PASSWORD} "})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "password", ["password", "12345678", "PASSWORD", "Password1", "qwertyuiop", "iloveyou"]
)
def test_common_passwords_are_refused_everywhere(client, auth, password):
    page = client.post(
        "/register",
        data={"email": "c@example.org", "password": password, "display_name": "C"},
    )
    assert page.status_code == 400
    assert "most common" in page.get_data(as_text=True)
    api = client.post(
        "/api/v1/users", json={"email": "c@example.org", "password": password, "display_name": "C"}
    )
    assert api.status_code == 422 and "password" in api.get_json()["error"]["fields"]
    user = UserFactory()
    auth.login(user)
    change = client.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": password}
    )
    assert change.status_code == 400
    reset = client.post(f"/password/reset/{reset_token(user)}", data={"new_password": password})
    assert reset.status_code == 400


def test_common_password_message_is_translated(client):
    response = client.post(
        "/register?lang=fr",
        data={"email": "c@example.org", "password": "password", "display_name": "C"},
    )
    assert "courants" in response.get_data(as_text=True)


def test_no_store_on_the_account_page_and_personal_api_answers(client, auth):
    user = UserFactory()
    plain = token_for(client, user)
    new = client.post(
        "/api/v1/tokens", json={"email": user.email, "password": PASSWORD, "name": "x"}
    )
    assert new.headers["Cache-Control"] == "no-store"
    for path in ("/api/v1/me", "/api/v1/me/tokens", "/api/v1/courses"):
        response = client.get(path, headers=bearer(plain))
        assert response.headers.get("Cache-Control") == "no-store", path
    auth.login(user)
    assert client.get("/account").headers["Cache-Control"] == "no-store"
    assert client.get("/api/v1/me").headers["Cache-Control"] == "no-store"
    client.post("/logout")
    assert "no-store" not in client.get("/api/v1/courses").headers.get("Cache-Control", "")
