"""Our signer against published vectors: 1EdTech's Open Badges 3.0 example and the W3C
vc-di-eddsa eddsa-rdfc-2022 example, byte for byte (provenance in vectors/README.md)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mooc.credentials import jsonld, multikey, proofs

VECTORS = Path(__file__).parent / "vectors"
EXTRA = {
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld": "ob-v3p0-3.0.0.jsonld",
}


@pytest.fixture(scope="module")
def loader():
    contexts = {
        url: json.loads((VECTORS / "contexts" / name).read_text()) for url, name in EXTRA.items()
    }
    return jsonld.static_loader(contexts)


def read(folder: str, name: str) -> str:
    return (VECTORS / folder / name).read_text()


def load(folder: str, name: str):
    return json.loads(read(folder, name))


def test_w3c_eddsa_rdfc_2022_vector(loader):
    folder = "w3c-vc-di-eddsa"
    unsigned, pair = load(folder, "unsigned.json"), load(folder, "keyPair.json")
    options = load(folder, "proofConfigDataInt.json")
    key = multikey.secret_key(pair["privateKeyMultibase"])
    assert multikey.public_multibase(key.public_key()) == pair["publicKeyMultibase"]
    canonical = jsonld.canonize(unsigned, loader)
    assert canonical == read(folder, "canonDocDataInt.txt")
    assert hashlib.sha256(canonical.encode()).hexdigest() == read(folder, "docHashDataInt.txt")
    config = jsonld.canonize(options, loader)
    assert config == read(folder, "proofCanonDataInt.txt")
    assert hashlib.sha256(config.encode()).hexdigest() == read(folder, "proofHashDataInt.txt")
    options.pop("@context")
    assert proofs.hash_data(unsigned, options, loader).hex() == read(
        folder, "combinedHashDataInt.txt"
    )
    signed = proofs.sign(
        unsigned, key, options["verificationMethod"], options["created"], loader=loader
    )
    assert signed == load(folder, "signedDataInt.json")
    value = signed["proof"]["proofValue"]
    assert value == read(folder, "sigBTC58DataInt.txt")
    assert multikey.from_multibase(value).hex() == read(folder, "sigHexDataInt.txt")
    ok, method = proofs.verify(signed, lambda _method: key.public_key(), loader=loader)
    assert ok and method == options["verificationMethod"]


def test_1edtech_open_badges_3_vector(loader):
    folder = "1edtech-ob30"
    unsigned, pair = load(folder, "unsigned.json"), load(folder, "keyPair.json")
    options, hashes = load(folder, "proofConfig.json"), load(folder, "hashes.json")
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(pair["privateKeyHex"])[:32])
    assert multikey.public_multibase(key.public_key()) == pair["publicKeyMultibase"]
    assert multikey.secret_key(pair["secretKeyMultibase"]).public_key() == key.public_key()
    canonical = jsonld.canonize(unsigned, loader)
    assert canonical == read(folder, "canonDoc.nq")
    assert hashlib.sha256(canonical.encode()).hexdigest() == hashes["documentHash"]
    config = jsonld.canonize({**options, "@context": unsigned["@context"]}, loader)
    assert config == read(folder, "canonProof.nq")
    assert hashlib.sha256(config.encode()).hexdigest() == hashes["proofHash"]
    # "Data to sign": the proof's hash, then the document's.
    data = proofs.hash_data(unsigned, options, loader)
    assert data.hex() == hashes["proofHash"] + hashes["documentHash"]
    signed = proofs.sign(
        unsigned, key, options["verificationMethod"], options["created"], loader=loader
    )
    assert multikey.from_multibase(signed["proof"]["proofValue"]).hex() == hashes["signatureHex"]
    assert signed["proof"]["proofValue"] == hashes["proofValue"]
    assert signed == load(folder, "signed.json")


def test_a_changed_document_no_longer_verifies(loader):
    folder = "w3c-vc-di-eddsa"
    signed = load(folder, "signedDataInt.json")
    key = multikey.secret_key(load(folder, "keyPair.json")["privateKeyMultibase"])
    signed["credentialSubject"]["alumniOf"] = "Another School"
    assert proofs.verify(signed, lambda _method: key.public_key(), loader=loader) == (
        False,
        "bad_signature",
    )


def test_base58_round_trips_leading_zeros():
    for data in (b"", b"\0", b"\0\0\x01", bytes(range(40))):
        assert multikey.b58decode(multikey.b58encode(data)) == data
    with pytest.raises(ValueError):
        multikey.b58decode("0OIl")
