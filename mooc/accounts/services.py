"""Account operations: every write about users and tokens, and its commit."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.security import check_password_hash, generate_password_hash

from mooc import mail, signals
from mooc.accounts.errors import AccountError
from mooc.accounts.models import ROLES, ApiToken, TrainerCity, User
from mooc.accounts.queries import find_user, normalize_email
from mooc.cities.models import MemberCity
from mooc.clock import utcnow
from mooc.extensions import db
from mooc.jobs import enqueue
from mooc.transactions import insert_once, transactional
from mooc.urls import external_url

log = logging.getLogger(__name__)
RESET_MAX_AGE = 3600  # seconds a password-reset link stays valid
TOKEN_PREFIX = "mooc_"
TOKEN_USE_RESOLUTION = timedelta(minutes=1)  # how often a token's `last_used_at` is written


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
        certificate_name=certificate_name.strip() or display_name,
        city_id=check_city(city_id),
        language=language,
        role=role,
    )
    if not insert_once(user):
        raise AccountError("email_taken", "email")
    signals.send(signals.user_registered, user=user)
    return user


@transactional
def register_quietly(email: str, password: str, display_name: str, **values) -> User | None:
    """Register for a script that must not learn whether the email is taken: the same answer
    either way, and a taken address's owner is told by mail (queued, as every mail)."""
    try:
        return register(email, password, display_name, **values)
    except AccountError as error:
        if error.code != "email_taken":
            raise
    owner = find_user(email)
    if owner is not None:
        mail.send(
            owner.email,
            "accounts/taken",
            {"name": owner.display_name, "link": external_url("accounts.forgot_password")},
            locale=owner.language,
            reference=f"registration-attempt:{owner.id}",
        )
    return None


def authenticate(email: str, password: str) -> User | None:
    """The user if the password matches as typed; the same work is done for unknown emails.
    Accounts made before passwords were kept as typed stored them trimmed: a typed password
    with surrounding spaces is also tried trimmed."""
    user = find_user(email)
    candidates = [password] + ([password.strip()] if password.strip() != password else [])
    if user is None:
        for candidate in candidates:
            check_password_hash(_dummy_hash(), candidate)
        return None
    found = [check_password_hash(user.password_hash, candidate) for candidate in candidates]
    return user if any(found) else None


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
def end_sessions(user: User, tokens: bool = False) -> None:
    """Invalidate every session of the user (sign-out, password change) and, with `tokens`,
    every API token (password change or reset, "sign out everywhere")."""
    user.session_version += 1
    if tokens:
        revoke_all_tokens(user)


@transactional
def revoke_all_tokens(user: User) -> int:
    """Revoke every API token of the user in one statement; how many were live."""
    result = db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount or 0


@transactional
def close_account(user: User) -> None:
    """Scrub a deleted account's row: it names no one, matches no password, holds no city or
    role, and every session and API token of hers ends (the row stays: certificates and
    anonymised posts point to it)."""
    revoke_all_tokens(user)
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.display_name = ""
    user.certificate_name = ""
    user.password_hash = "!"  # matches no password
    user.city_id = None
    user.role = "learner"
    user.session_version += 1  # every session of hers ends


@transactional
def change_password(user: User, current: str, new: str) -> None:
    """Change the password after checking the current one; other sessions end."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError("wrong_password", "current_password")
    user.password_hash = generate_password_hash(new)
    end_sessions(user, tokens=True)


@transactional
def update_profile(user: User, **values) -> User:
    """Change display name, certificate name, city or language."""
    if "city_id" in values:
        values["city_id"] = check_city(values["city_id"])
    if "certificate_name" in values and not (values["certificate_name"] or "").strip():
        # Blank means "my name", as at registration: a certificate always names someone.
        values["certificate_name"] = values.get("display_name") or user.display_name
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
    end_sessions(user, tokens=True)
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


@cache
def token_statement():
    """`user_for_token`'s query, built once (every API request runs it)."""
    return (
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None))
    )


def user_for_token(plain: str) -> User | None:
    """The owner of a valid token."""
    if not plain.startswith(TOKEN_PREFIX):
        return None
    found = db.session.execute(token_statement(), {"token_hash": _hash_token(plain)}).first()
    if found is None:
        return None
    token, user = found
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RESOLUTION:
        record_token_use(token.id, now)
        set_committed_value(token, "last_used_at", now)  # written: not to be flushed again
    return user


@transactional
def record_token_use(token_id: int, now: datetime) -> None:
    """Write a token's last use, at most once a minute (one guarded UPDATE: simultaneous
    requests of one script write it once)."""
    db.session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(
                ApiToken.last_used_at.is_(None),
                ApiToken.last_used_at <= now - TOKEN_USE_RESOLUTION,
            ),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )


@transactional
def set_trainer_cities(email: str, city_ids: list[int]) -> User:
    """Attach the trainer with this email to exactly these member cities (an admin's act):
    she creates cohorts for them only."""
    user = find_user(email)
    if user is None or not user.has_role("trainer"):
        raise AccountError("not_a_trainer", "email")
    wanted = set(city_ids)
    known = set(db.session.scalars(select(MemberCity.id).where(MemberCity.id.in_(wanted))))
    if known != wanted:
        raise AccountError("unknown_city", "city_ids")
    db.session.execute(delete(TrainerCity).where(TrainerCity.user_id == user.id))
    db.session.add_all(TrainerCity(user_id=user.id, city_id=city_id) for city_id in sorted(wanted))
    return user
