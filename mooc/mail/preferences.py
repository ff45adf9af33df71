"""Unsubscribing (a signed link that works without signing in) and mail preferences."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select

from mooc.extensions import db
from mooc.mail.models import MailOptOut
from mooc.transactions import insert_once, transactional
from mooc.urls import external_url

ALL = "all"


def normalized(email: str) -> str:
    return email.strip().casefold()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="mail-unsubscribe")


def unsubscribe_token(email: str, category: str) -> str:
    """A token that names an address and a category, signed (it never expires: links in old
    mail keep working)."""
    return _serializer().dumps([normalized(email), category])


def read_token(token: str) -> tuple[str, str] | None:
    """(email, category) of a valid token, else None."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not (isinstance(data, list) and len(data) == 2 and all(isinstance(v, str) for v in data)):
        return None
    from mooc.mail import CATEGORIES

    email, category = data
    return (email, category) if category in CATEGORIES or category == ALL else None


def unsubscribe_url(email: str, category: str) -> str:
    """The one-click unsubscribe link of a mail (from MOOC_BASE_URL)."""
    return external_url("mail.unsubscribe", token=unsubscribe_token(email, category))


def is_opted_out(email: str, category: str) -> bool:
    """True when the address turned this category (or every category) off."""
    return (
        db.session.scalar(
            select(MailOptOut.id).where(
                MailOptOut.email == normalized(email), MailOptOut.category.in_((category, ALL))
            )
        )
        is not None
    )


@transactional
def unsubscribe(email: str, category: str) -> None:
    """No more mail of `category` (or of any category: `all`) to this address; idempotent."""
    insert_once(MailOptOut, {"email": normalized(email), "category": category})


def preferences(email: str) -> dict[str, bool]:
    """Category -> receives it, for the account page."""
    from mooc.mail import CATEGORIES

    off = set(
        db.session.scalars(select(MailOptOut.category).where(MailOptOut.email == normalized(email)))
    )
    return {name: name not in off and ALL not in off for name in CATEGORIES}


@transactional
def set_preferences(email: str, wanted: dict[str, bool]) -> None:
    """Turn each category on or off as asked (and forget an unsubscribe from everything)."""
    from mooc.mail import CATEGORIES

    address = normalized(email)
    db.session.execute(
        delete(MailOptOut)
        .where(MailOptOut.email == address)
        .execution_options(synchronize_session=False)
    )
    for name in CATEGORIES:
        if not wanted.get(name, True):
            insert_once(MailOptOut, {"email": address, "category": name})
