"""The issuer's did:web identifier and DID document, derived from MOOC_BASE_URL."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from mooc.credentials.keys import KeyRing


def did_web(base_url: str) -> str:
    """did:web of a base URL: the host (port as %3A), then each path segment after a colon."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "localhost").encode("idna").decode("ascii")
    if parts.port:
        host += "%3A" + str(parts.port)
    segments = [quote(segment, safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did", "web", host, *segments])


def document_path(base_url: str) -> str:
    """Where did:web puts the document, relative to the app: /.well-known/did.json for a host,
    /did.json under the base path otherwise."""
    return "/did.json" if urlsplit(base_url).path.strip("/") else "/.well-known/did.json"


def method_id(did: str, public_multibase: str) -> str:
    """The verification method of one key: the DID with the key as fragment."""
    return f"{did}#{public_multibase}"


def did_document(did: str, ring: KeyRing) -> dict:
    """Every key of the ring as a Multikey verification method, each one asserting."""
    from mooc.credentials import jsonld  # pyld, loaded by whoever signs or checks

    methods = [
        {
            "id": method_id(did, public),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": public,
        }
        for public in ring.public_keys()
    ]
    return {
        "@context": [jsonld.DID_V1, jsonld.MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
