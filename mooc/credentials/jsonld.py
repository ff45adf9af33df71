"""JSON-LD for credentials: the contexts shipped in `contexts/`, a document loader that never
leaves the machine, and RDF Dataset Canonicalization (RDFC-1.0, pyld's URDNA2015)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from pyld import jsonld

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "contexts")
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"

# URL -> file in contexts/ (copied from the npm packages named in docs/credentials.md).
CONTEXTS = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-v3p0-3.0.3.jsonld",
    DATA_INTEGRITY_V2: "data-integrity-v2.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
    DID_V1: "did-v1.jsonld",
}


class UnknownContext(jsonld.JsonLdError):
    """A document names a context the app does not ship: it is refused, never fetched."""


@cache
def shipped(url: str) -> dict[str, Any]:
    """A shipped context, parsed once per process."""
    with open(os.path.join(HERE, CONTEXTS[url]), encoding="utf-8") as handle:
        return json.load(handle)


def static_loader(extra: Mapping[str, dict] | None = None) -> Callable[..., dict]:
    """A pyld document loader over the shipped contexts (and `extra` ones, for tests)."""

    def load(url: str, options: Any = None) -> dict:
        if extra and url in extra:
            document = extra[url]
        elif url in CONTEXTS:
            document = shipped(url)
        else:
            raise UnknownContext(
                f"Refused to load {url!r}: only the contexts shipped with the app are used.",
                "jsonld.LoadDocumentError",
                code="loading document failed",
            )
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return load


def canonize(document: dict, loader: Callable[..., dict] | None = None) -> str:
    """The document's canonical N-Quads (RDFC-1.0)."""
    return jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": loader or static_loader(),
            # Each call resolves contexts through our loader, never through pyld's shared cache
            # (which may hold what another loader returned for the same URL).
            "contextResolver": jsonld.ContextResolver({}, loader or static_loader()),
        },
    )
