"""Checking a credential someone hands us (a JSON file, or a certificate PDF that carries one):
its proof, its issuer and its status, with nothing fetched from the network."""

from __future__ import annotations

import io
import json
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pikepdf

from mooc.clock import utcnow
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


MAX_JSON = 256 * 1024  # bytes of credential: ours are about 3 KB
MAX_NODES = 200  # JSON objects in a credential (ours have about 15): canonicalization is
# costly on graphs built to be, so larger documents are refused before it runs
MAX_DEPTH = 12


def inflate(stream: pikepdf.Stream) -> bytes:
    """An embedded file's bytes, decompressed to at most MAX_JSON (a small PDF may carry a
    stream that inflates to gigabytes)."""
    filters = stream.get("/Filter")
    raw = stream.read_raw_bytes()
    if filters is None:
        data = raw
    elif filters == pikepdf.Name.FlateDecode:
        try:
            data = zlib.decompressobj().decompress(raw, MAX_JSON + 1)
        except zlib.error as error:
            raise Unreadable("bad_pdf") from error
    else:
        raise Unreadable("not_credential")
    if len(data) > MAX_JSON:
        raise Unreadable("not_credential")
    return data


def embedded_credential(data: bytes) -> bytes:
    """The credential attached to a certificate PDF."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            files = pdf.attachments
            for name in files:
                spec = files[name]
                if name == ATTACHMENT or str(spec.filename) == ATTACHMENT:
                    return inflate(spec.get_file().obj)
    except pikepdf.PdfError as error:
        raise Unreadable("bad_pdf") from error
    raise Unreadable("no_credential")


def too_complex(value: Any, depth: int = 0, budget: list[int] | None = None) -> bool:
    """More objects or nesting than any credential of ours has."""
    budget = [MAX_NODES] if budget is None else budget
    if depth > MAX_DEPTH:
        return True
    if isinstance(value, dict):
        budget[0] -= 1
        children = list(value.values())
    elif isinstance(value, list):
        children = value
    else:
        return False
    return budget[0] < 0 or any(too_complex(child, depth + 1, budget) for child in children)


def read(data: bytes) -> dict:
    """The credential in an uploaded file (JSON, or a PDF that embeds it)."""
    if data.lstrip()[:5] == b"%PDF-":
        data = embedded_credential(data)
    if len(data) > MAX_JSON:
        raise Unreadable("not_credential")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Unreadable("not_json") from error
    if not isinstance(document, dict) or "VerifiableCredential" not in document.get("type", []):
        raise Unreadable("not_credential")
    if too_complex(document):
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
    now = utcnow()
    since, until = parse_time(document.get("validFrom")), parse_time(document.get("validUntil"))
    if since is not None and since > now:
        return "not_yet_valid"
    if until is not None and until < now:
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
    if verified and not str(detail).startswith(f"{source.get('id')}#"):
        verified, detail = False, "issuer_mismatch"  # signed by us, but naming another issuer
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
