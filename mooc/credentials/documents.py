"""The JSON-LD documents the issuer signs: a certificate's OpenBadgeCredential and the
Bitstring Status List credential that revokes it, from plain data."""

from __future__ import annotations

import base64
import gzip
import json
from datetime import datetime

from mooc.credentials import jsonld

LIST_SIZE = 131072  # bits: the 16 KB minimum of Bitstring Status List, for group privacy
PURPOSE = "revocation"


def timestamp(moment: datetime) -> str:
    """An XML Schema dateTimeStamp in UTC, to the second."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def serialize(document: dict) -> str:
    """The JSON text that is stored, embedded and served (UTF-8, stable key order)."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def status_entry(list_url: str, index: int) -> dict:
    """A credential's place in a status list."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def achievement(texts: dict, others: list[dict]) -> dict:
    """The course or path as an OB 3.0 Achievement in the learner's language; its other
    language editions as `related` (OB 3.0's way to name alternate language editions), each
    with its name and description in that language."""
    body = {
        "id": texts["id"],
        "type": ["Achievement"],
        "achievementType": texts["achievement_type"],
        "name": texts["name"],
        "description": texts["description"] or texts["name"],
        "criteria": {"narrative": texts["criteria"]},
        "inLanguage": texts["language"],
    }
    if others:
        body["related"] = [
            {
                "id": other["id"],
                "type": ["Related"],
                "inLanguage": other["language"],
                "name": other["name"],
                "description": other["description"] or other["name"],
            }
            for other in others
        ]
    return body


def open_badge(
    *,
    credential_url: str,
    issuer: dict,
    subject_id: str,
    recipient: str,
    achievement_body: dict,
    valid_from: datetime,
    valid_until: datetime | None,
    status: dict,
) -> dict:
    """An unsigned OpenBadgeCredential (VC 2.0 and OB 3.0.3 contexts)."""
    document = {
        "@context": [jsonld.VC_V2, jsonld.OB_V3],
        "id": credential_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement_body["name"],
        "issuer": issuer,
        "validFrom": timestamp(valid_from),
    }
    if valid_until is not None:
        document["validUntil"] = timestamp(valid_until)
    document["credentialSubject"] = {
        "id": subject_id,
        "type": ["AchievementSubject"],
        "name": recipient,
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": recipient,
            }
        ],
        "achievement": achievement_body,
    }
    document["credentialStatus"] = status
    return document


def encode_bits(indices: set[int], size: int = LIST_SIZE) -> str:
    """`u` + base64url (no padding) of the GZIP of the bitstring; index 0 is the first byte's
    most significant bit."""
    bits = bytearray(size // 8)
    for index in indices:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)  # mtime 0: the same list, the same bytes
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode_bits(encoded: str) -> bytes:
    """The bitstring of an encodedList."""
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be base64url multibase")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit(bits: bytes, index: int) -> bool:
    """Whether the bit at `index` is set."""
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list(*, list_url: str, issuer_id: str, valid_from: datetime, revoked: set[int]) -> dict:
    """An unsigned BitstringStatusListCredential."""
    return {
        "@context": [jsonld.VC_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": timestamp(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode_bits(revoked),
        },
    }
