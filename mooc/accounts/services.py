"""Account operations: every write about users and tokens, and its commit."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from functools import cache

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from mooc import signals
from mooc.accounts.errors import AccountError
from mooc.accounts.models import ROLES, ApiToken, User
from mooc.accounts.queries import find_user, normalize_email
from mooc.cities.models import MemberCity
from mooc.clock import utcnow
from mooc.extensions import db
from mooc.jobs import enqueue
from mooc.transactions import insert_once, transactional

log = logging.getLogger(__name__)
RESET_MAX_AGE = 3600  # seconds a password-reset link stays valid
TOKEN_PREFIX = "mooc_"


@cache
def _dummy_hash() -> str:
    """Checked against when an email is unknown, so that both paths take as long (made on first
    use: the key derivation is slow on purpose, and every command would pay for it)."""
    return generate_password_hash("not a real password")


def check_city(city_id: int | None) -> int | None:
    """A member city id that exists, or None."""
    if city_id is None:
        return None
    if db.session.get(MemberCity, city_id) is None:
        raise AccountError("unknown_city", "city_id")
    return city_id


@transactional
def register(
    email: str,
    password: str,
    display_name: str,
    certificate_name: str = "",
    city_id: int | None = None,
    language: str = "en",
    role: str = "learner",
) -> User:
    """Create an account; refuses an email already in use (whatever its case). Sends
    `user_registered` (cohorts that invited the email take the learner in)."""
    if role not in ROLES:
        raise AccountError("unknown_role", "role")
    user = User(
        email=normalize_email(email),
        password_hash=generate_password_hash(password),
        display_name=display_name,
        certificate_name=certificate_name or display_name,
        city_id=check_city(city_id),
        language=language,
        role=role,
    )
    if not insert_once(user):
        raise AccountError("email_taken", "email")
    signals.send(signals.user_registered, user=user)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user if the password matches; the same work is done for unknown emails."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


@transactional
def set_role(email: str, role: str) -> User:
    """Give an account another role; its open sessions end, so that the new rights apply."""
    if role not in ROLES:
        raise AccountError("unknown_role", "role")
    user = find_user(email)
    if user is None:
        raise AccountError("unknown_email", "email")
    user.role = role
    end_sessions(user)
    return user


@transactional
def end_sessions(user: User) -> None:
    """Invalidate every session of the user (sign-out, password change)."""
    user.session_version += 1


@transactional
def change_password(user: User, current: str, new: str) -> None:
    """Change the password after checking the current one; other sessions end."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError("wrong_password", "current_password")
    user.password_hash = generate_password_hash(new)
    end_sessions(user)


@transactional
def update_profile(user: User, **values) -> User:
    """Change display name, certificate name, city or language."""
    if "city_id" in values:
        values["city_id"] = check_city(values["city_id"])
    for name, value in values.items():
        setattr(user, name, value)
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="password-reset")


def _password_fingerprint(user: User) -> str:
    """Changes whenever the password does, so that a reset link works once."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def reset_token(user: User) -> str:
    """A signed, expiring link token bound to the current password."""
    return _serializer().dumps({"u": user.id, "p": _password_fingerprint(user)})


@transactional
def request_password_reset(email: str) -> None:
    """Queue the reset mail job for whatever was typed: the job looks the account up, so that a
    known and an unknown email cost the request the same work (one job queued, no lookup) and
    an SMTP outage never reaches the visitor."""
    enqueue("accounts.reset_mail", {"email": email[:254]})


@transactional
def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a valid, unexpired, unused link."""
    try:
        data = _serializer().loads(token, max_age=RESET_MAX_AGE)
    except BadSignature:
        raise AccountError("invalid_reset_link") from None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or not hmac.compare_digest(str(data.get("p")), _password_fingerprint(user)):
        raise AccountError("invalid_reset_link")
    user.password_hash = generate_password_hash(new_password)
    end_sessions(user)
    return user


def _hash_token(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


@transactional
def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal API token; the plain value is shown once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=_hash_token(plain))
    db.session.add(token)
    db.session.flush()
    return token, plain


def list_tokens(user: User) -> list[ApiToken]:
    """The user's tokens that are not revoked."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at)
        )
    )


@transactional
def revoke_token(user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens; another user's token is 'not found'."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise AccountError("not_found")
    token.revoked_at = utcnow()


def user_for_token(plain: str) -> User | None:
    """The owner of a valid token."""
    if not plain.startswith(TOKEN_PREFIX):
        return None
    return db.session.scalar(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _hash_token(plain), ApiToken.revoked_at.is_(None))
    )
