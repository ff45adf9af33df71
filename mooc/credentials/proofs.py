"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C vc-di-eddsa):
the signature covers SHA-256(canonical proof configuration) ‖ SHA-256(canonical document)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from mooc.credentials import jsonld, multikey

CRYPTOSUITE = "eddsa-rdfc-2022"


def proof_configuration(document: dict, options: dict) -> dict:
    """The proof options with the document's context (the cryptosuite's step 4.3)."""
    return {**options, "@context": document["@context"]}


def hash_data(document: dict, options: dict, loader=None) -> bytes:
    """The 64 bytes that are signed: the proof configuration's hash, then the document's."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    config = {key: value for key, value in options.items() if key != "proofValue"}
    config = proof_configuration(unsecured, config)
    canonical_config = jsonld.canonize(config, loader).encode()
    canonical_document = jsonld.canonize(unsecured, loader).encode()
    return hashlib.sha256(canonical_config).digest() + hashlib.sha256(canonical_document).digest()


def sign(
    document: dict,
    key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    *,
    purpose: str = "assertionMethod",
    loader=None,
) -> dict:
    """The document with a `DataIntegrityProof` (keys in the order verifiers show them)."""
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": purpose,
    }
    signature = key.sign(hash_data(document, options, loader))
    return {**document, "proof": {**options, "proofValue": multikey.multibase(signature)}}


def verify(
    document: dict,
    resolve: Callable[[str], Ed25519PublicKey | None],
    *,
    purpose: str = "assertionMethod",
    loader=None,
) -> tuple[bool, str | None]:
    """(True, verification method) when the document's single proof (alone or in a list)
    verifies with the key that
    `resolve` gives for its verification method; (False, reason code) otherwise."""
    proof: Any = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:  # a set of one proof
        proof = proof[0]
    if not isinstance(proof, dict):
        return False, "no_proof"
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return False, "unsupported_proof"
    if proof.get("proofPurpose") != purpose:
        return False, "wrong_purpose"
    method = proof.get("verificationMethod")
    key = resolve(method) if isinstance(method, str) else None
    if key is None:
        return False, "unknown_key"
    try:
        signature = multikey.from_multibase(str(proof.get("proofValue", "")))
        key.verify(signature, hash_data(document, proof, loader))
    except (ValueError, InvalidSignature):
        return False, "bad_signature"
    except jsonld.jsonld.JsonLdError:
        return False, "unreadable"
    return True, method
