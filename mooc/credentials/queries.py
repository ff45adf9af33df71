"""Credentials, read: by certificate code, and the status lists they point to."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy import func, select

from mooc.certificates.models import Certificate
from mooc.certificates.queries import CODE
from mooc.credentials import documents, issuer, keys
from mooc.credentials.models import Credential
from mooc.extensions import db
from mooc.urls import external_url


def by_code(code: str) -> Credential | None:
    """The credential of the certificate with this code; malformed codes find nothing."""
    code = code.strip().upper()
    if not CODE.match(code):
        return None
    return db.session.scalar(select(Credential).join(Certificate).where(Certificate.code == code))


def status_bits(number: int) -> tuple[set[int], datetime] | None:
    """The set bits of a status list and the moment it last changed (None: no such list)."""
    rows = db.session.execute(
        select(
            Credential.status_index,
            Credential.revoked,
            Credential.valid_from,
            Credential.status_changed_at,
        ).where(Credential.status_list == number)
    ).all()
    if not rows:
        return None
    revoked = {row.status_index for row in rows if row.revoked}
    changes = [row.status_changed_at for row in rows if row.revoked and row.status_changed_at]
    since = max(changes) if changes else min(row.valid_from for row in rows)
    return revoked, since.replace(microsecond=0)


def status_list_text(number: int) -> str | None:
    """The signed status list credential, as JSON text (the same text while nothing changes)."""
    bits = status_bits(number)
    if bits is None:
        return None
    revoked, since = bits
    url = external_url("credentials.status_list", number=number)
    signing = keys.load().signing["publicKeyMultibase"]
    return _signed_list(url, issuer.issuer_did(), since, frozenset(revoked), signing)


@lru_cache(maxsize=16)
def _signed_list(url: str, did: str, since: datetime, revoked: frozenset, _key: str) -> str:
    document = documents.status_list(list_url=url, issuer_id=did, valid_from=since, revoked=revoked)
    return documents.serialize(issuer.sign(document, since))


def list_count() -> int:
    """How many status lists exist."""
    return db.session.scalar(select(func.count(func.distinct(Credential.status_list)))) or 0
