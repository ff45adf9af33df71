"""Credentials issued by the app, checked by Digital Bazaar's verifier from the npm registry
(`@digitalbazaar/vc` with the eddsa-rdfc-2022 cryptosuite and Bitstring Status List), run by
Node with a static document loader: the contexts of the npm packages, our DID document and our
status lists. `make test` installs the packages (`npm ci` in tests/credentials/verifier)."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from mooc.certificates.models import Certificate
from mooc.extensions import db
from tests.certificates.helpers import set_name
from tests.credentials.conftest import pdf_of

VERIFIER = Path(__file__).parent / "verifier"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None, reason="node is not installed (Node 20 runs the verifier)"
)


def verify(tmp_path, credentials: list[dict], documents: dict) -> list[dict]:
    """Run the Node verifier on credentials; one result each."""
    if not (VERIFIER / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        pytest.fail("run `npm ci` in tests/credentials/verifier (make test does)")
    source = tmp_path / "verify-input.json"
    source.write_text(json.dumps({"credentials": credentials, "documents": documents}))
    result = subprocess.run(
        [NODE, str(VERIFIER / "verify.mjs"), str(source)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert set(documents) <= set(output["requested"])  # our DID document and lists were used
    return output["results"]


def served(client, url: str) -> dict:
    response = client.get(url.removeprefix("http://localhost"))
    assert response.status_code == 200, url
    return response.get_json()


def test_digital_bazaar_verifies_ours_and_refuses_a_tampered_one(
    client, issued, enrolled, runner, tmp_path
):
    valid = served(client, f"/credentials/{issued.code}.json")
    tampered = copy.deepcopy(valid)
    tampered["credentialSubject"]["name"] = "Someone Else"
    set_name(enrolled, "Ana María Pérez")  # a new certificate supersedes the first
    client.post("/courses/demo/certificate")
    newer = db.session.scalar(select(Certificate).where(Certificate.status == "valid"))
    current = served(client, f"/credentials/{newer.code}.json")
    list_url = valid["credentialStatus"]["statusListCredential"]
    documents = {
        "did:web:localhost": served(client, "/.well-known/did.json"),
        list_url: served(client, list_url),
    }
    results = verify(tmp_path, [current, valid, tampered], documents)
    assert results[0] == {"verified": True, "error": None, "revoked": False}, results[0]
    assert results[1] == {"verified": True, "error": None, "revoked": True}, results[1]
    assert results[2]["verified"] is False and "Invalid signature" in results[2]["error"]
    runner.invoke(args=["certificates", "revoke", newer.code, "--reason", "test"])
    documents[list_url] = served(client, list_url)
    assert verify(tmp_path, [current], documents)[0]["revoked"] is True


def test_old_credentials_still_verify_after_a_key_rotation(client, issued, runner, tmp_path):
    before = served(client, f"/credentials/{issued.code}.json")
    assert runner.invoke(args=["credentials", "keygen", "--rotate"]).exit_code == 0
    list_url = before["credentialStatus"]["statusListCredential"]
    status_list = served(client, list_url)
    assert status_list["proof"][0]["verificationMethod"] != before["proof"][0]["verificationMethod"]
    documents = {
        "did:web:localhost": served(client, "/.well-known/did.json"),
        list_url: status_list,
    }
    assert verify(tmp_path, [before], documents)[0] == {
        "verified": True,
        "error": None,
        "revoked": False,
    }


def test_the_credential_pdfdetach_takes_out_of_the_pdf_verifies(client, issued, tmp_path):
    # Poppler's pdfdetach (not our code, nor pikepdf) extracts the attachment of the PDF the
    # learner downloads: the same bytes as /credentials/<code>.json, and Digital Bazaar's
    # verifier accepts it.
    if shutil.which("pdfdetach") is None:
        pytest.skip("pdfdetach (poppler-utils) is not installed")
    pdf, extracted = tmp_path / "certificate.pdf", tmp_path / "extracted.json"
    pdf.write_bytes(pdf_of(client, issued))
    subprocess.run(
        ["pdfdetach", "-savefile", "credential.json", "-o", str(extracted), str(pdf)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    served_bytes = client.get(f"/credentials/{issued.code}.json").get_data()
    assert extracted.read_bytes() == served_bytes
    credential = json.loads(extracted.read_bytes())
    list_url = credential["credentialStatus"]["statusListCredential"]
    documents = {
        "did:web:localhost": served(client, "/.well-known/did.json"),
        list_url: served(client, list_url),
    }
    assert verify(tmp_path, [credential], documents)[0] == {
        "verified": True,
        "error": None,
        "revoked": False,
    }
