"""Who signs: the deployment's did:web, its profile in a language, its signing key."""

from __future__ import annotations

from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from flask import current_app

from mooc.credentials import did, keys, proofs
from mooc.credentials.documents import timestamp
from mooc.i18n import issuer_name
from mooc.urls import base_url


def issuer_did() -> str:
    """The deployment's DID, from MOOC_BASE_URL."""
    return did.did_web(base_url())


def profile(locale: str) -> dict:
    """The issuer as an OB 3.0 Profile: name in `locale`, URL, image and email from settings."""
    config = current_app.config
    body = {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": issuer_name(locale),
        "url": config.get("ISSUER_URL") or base_url() + "/",
    }
    if config.get("ISSUER_IMAGE_URL"):
        body["image"] = {"id": config["ISSUER_IMAGE_URL"], "type": "Image"}
    if config.get("ISSUER_EMAIL"):
        body["email"] = config["ISSUER_EMAIL"]
    return body


def sign(document: dict, created: datetime) -> dict:
    """The document with our eddsa-rdfc-2022 proof, by the current signing key, as a set of one
    proof (1EdTech's OB 3.0 JSON Schema wants `proof` as an array)."""
    ring = keys.load()
    method = did.method_id(issuer_did(), ring.signing["publicKeyMultibase"])
    signed = proofs.sign(document, ring.private_key, method, timestamp(created))
    return {**signed, "proof": [signed["proof"]]}


def resolve(method: str) -> Ed25519PublicKey | None:
    """Our public key for a verification method of our DID (old keys included), else None:
    other issuers' keys would have to be fetched, and nothing here goes to the network."""
    prefix = issuer_did() + "#"
    if not method.startswith(prefix):
        return None
    return keys.load().public_key(method[len(prefix) :])


def did_document() -> dict:
    """Our DID document: every key of the ring."""
    return did.did_document(issuer_did(), keys.load())
