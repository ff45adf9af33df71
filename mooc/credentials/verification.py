"""Checking a credential someone hands us (a JSON file, or a certificate PDF that carries one):
its proof, its issuer and its status, with nothing fetched from the network."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pikepdf

from mooc.credentials import issuer, proofs
from mooc.credentials.issuing import ATTACHMENT
from mooc.credentials.models import Credential
from mooc.extensions import db
from mooc.urls import external_url


class Unreadable(ValueError):
    """Neither a credential nor a PDF that carries one; `code` says which."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class Outcome:
    """What a verifier learns from a credential."""

    verified: bool
    reason: str | None  # why the proof does not verify
    issuer_name: str
    issuer_id: str
    ours: bool
    status: str  # valid, revoked, expired, not_yet_valid, unknown
    recipient: str
    achievement: str
    valid_from: datetime | None


def embedded_credential(data: bytes) -> bytes:
    """The credential attached to a certificate PDF."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            files = pdf.attachments
            for name in files:
                spec = files[name]
                if name == ATTACHMENT or str(spec.filename) == ATTACHMENT:
                    return spec.get_file().read_bytes()
    except pikepdf.PdfError as error:
        raise Unreadable("bad_pdf") from error
    raise Unreadable("no_credential")


def read(data: bytes) -> dict:
    """The credential in an uploaded file (JSON, or a PDF that embeds it)."""
    if data.lstrip()[:5] == b"%PDF-":
        data = embedded_credential(data)
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Unreadable("not_json") from error
    if not isinstance(document, dict) or "VerifiableCredential" not in document.get("type", []):
        raise Unreadable("not_credential")
    return document


def status_of(document: dict) -> str:
    """`revoked` or `valid` by our own status lists; `unknown` for another issuer's list."""
    entry: Any = document.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return "unknown"
    url = str(entry.get("statusListCredential", ""))
    prefix = external_url("credentials.status_list", number=0).rsplit("/", 1)[0] + "/"
    try:
        number = int(url.removeprefix(prefix).removesuffix(".json"))
        index = int(entry.get("statusListIndex", ""))
    except ValueError:
        return "unknown"
    if not url.startswith(prefix):
        return "unknown"
    revoked = db.session.scalar(
        db.select(Credential.revoked).where(
            Credential.status_list == number, Credential.status_index == index
        )
    )
    return "unknown" if revoked is None else ("revoked" if revoked else "valid")


def parse_time(value: Any) -> datetime | None:
    """An XML Schema dateTime as a naive UTC datetime (None when absent or unreadable)."""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def dates_status(document: dict) -> str | None:
    """`expired` or `not_yet_valid` from validUntil and validFrom, else None."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if str(document.get("validFrom", "")) > now:
        return "not_yet_valid"
    until = document.get("validUntil")
    if until and str(until) < now:
        return "expired"
    return None


def check(document: dict) -> Outcome:
    """Verify the proof with our keys (rotated ones included) and look up the status."""
    try:
        verified, detail = proofs.verify(document, issuer.resolve)
    except Exception:  # a document pyld cannot read as JSON-LD (unknown context, bad values)
        verified, detail = False, "unreadable"
    source = document.get("issuer")
    source = source if isinstance(source, dict) else {"id": source}
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement") if isinstance(subject.get("achievement"), dict) else {}
    status = status_of(document) if verified else "unknown"
    if status == "valid":
        status = dates_status(document) or status
    return Outcome(
        verified=verified,
        reason=None if verified else detail,
        issuer_name=str(source.get("name") or ""),
        issuer_id=str(source.get("id") or ""),
        ours=source.get("id") == issuer.issuer_did(),
        status=status,
        recipient=str(subject.get("name") or ""),
        achievement=str(achievement.get("name") or ""),
        valid_from=parse_time(document.get("validFrom")),
    )
