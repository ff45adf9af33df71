"""Credential writes: keep a certificate's credential, flip its status bit."""

from __future__ import annotations

import json

from sqlalchemy import select, update

from mooc.certificates.models import Certificate
from mooc.clock import utcnow
from mooc.credentials import issuing
from mooc.credentials.errors import CredentialError
from mooc.credentials.models import Credential
from mooc.extensions import db
from mooc.transactions import insert_once, transactional


@transactional
def keep(certificate: Certificate, text: str) -> Credential:
    """Store the credential embedded in a certificate's PDF, with its status bit (refused when
    a simultaneous issue took the same bit: the whole issue is then rolled back)."""
    document = json.loads(text)
    status = document["credentialStatus"]
    method = document["proof"][0]["verificationMethod"]
    credential = Credential(
        certificate_id=certificate.id,
        status_list=int(status["statusListCredential"].rsplit("/", 1)[-1].split(".")[0]),
        status_index=int(status["statusListIndex"]),
        valid_from=certificate.issued_at.replace(microsecond=0),
        key=method.rsplit("#", 1)[-1],
        document=text,
        revoked=certificate.status != "valid",
    )
    if not insert_once(credential):
        raise CredentialError("slot_taken")
    return credential


@transactional
def revoke(certificate: Certificate) -> None:
    """Set the status bit of a revoked or superseded certificate's credential."""
    db.session.execute(
        update(Credential)
        .where(Credential.certificate_id == certificate.id, Credential.revoked.is_(False))
        .values(revoked=True, status_changed_at=utcnow())
    )


@transactional
def backfill() -> int:
    """Give a credential (JSON only: their PDFs stay as issued) to every certificate that has
    none; revoked and superseded ones get their status bit set. Returns how many."""
    missing = db.session.scalars(
        select(Certificate)
        .outerjoin(Credential, Credential.certificate_id == Certificate.id)
        .where(Credential.id.is_(None))
        .order_by(Certificate.id)
    ).all()
    for certificate in missing:
        plan = issuing.plan_of(certificate)
        keep(certificate, issuing.build(plan, certificate.user_id, issuing.choose_slot()))
    return len(missing)
