"""Sign-in plumbing: sessions keyed by user id and version, Bearer tokens, role checks."""

from __future__ import annotations

from functools import cache, wraps

from flask import Flask, abort, flash, g, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import bindparam, select

from mooc.accounts.models import User
from mooc.accounts.queries import normalize_email
from mooc.accounts.services import user_for_token
from mooc.extensions import config_limit, db, limiter, login_manager


def init_auth(app: Flask) -> None:
    """Bind Flask-Login: cookie sessions for pages, Bearer tokens for scripts."""
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"

    @login_manager.unauthorized_handler
    def unauthorized():
        if request.blueprint == "api":
            from mooc.api import api_unauthorized

            return api_unauthorized()
        flash(gettext("Please sign in to continue."))
        return redirect(url_for("accounts.login", next=request.path))

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        user_id, _sep, version = session_id.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = db.session.scalar(signed_in_user(), {"user_id": int(user_id)})
        return user if user is not None and user.session_version == int(version) else None

    @login_manager.request_loader
    def load_from_token(req) -> User | None:
        header = req.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        user = user_for_token(header[len("Bearer ") :].strip())
        if user is not None:
            g.token_auth = True
        return user


@cache
def signed_in_user():
    """The query of the session's user, built once: it runs on every signed-in request."""
    return select(User).where(User.id == bindparam("user_id"))


def uses_token() -> bool:
    """True when this request was authenticated by an API token (no cookie, no CSRF)."""
    return bool(getattr(g, "token_auth", False))


def login_key() -> str:
    """Rate-limit key for sign-in attempts: the account, whatever the email's case (the signed-in
    account when the form names none, as when the current password is checked)."""
    data = request.get_json(silent=True) if request.is_json else request.form
    email = (data or {}).get("email", "") if hasattr(data, "get") else ""
    if not email and current_user.is_authenticated:
        email = current_user.email
    return "login:" + normalize_email(str(email))


def failed(response) -> bool:
    """A refused sign-in (wrong password, invalid form): what spends the account's budget."""
    return response.status_code >= 400


def password_budget():
    """One budget of failed sign-ins per account, shared by every route that checks a password
    (`/login`, `/api/v1/tokens`, the current password of `/account/password`): 5 a minute and
    20 an hour together."""
    return limiter.shared_limit(
        config_limit("LOGIN_LIMIT_PER_ACCOUNT"),
        scope="password-per-account",
        key_func=login_key,
        methods=["POST"],
        deduct_when=failed,
    )


def registration_budget():
    """Accounts asked for one email address (the API answers alike whether it is taken)."""
    return limiter.shared_limit(
        config_limit("REGISTER_LIMIT_PER_EMAIL"),
        scope="register-per-email",
        key_func=login_key,
        methods=["POST"],
    )


def role_required(*roles: str):
    """Views for some roles only: 403 for other signed-in users."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
