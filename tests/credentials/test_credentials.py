"""Open Badges 3.0 credentials: the issuer's did:web, each certificate's signed credential, the
same bytes in its PDF, status lists, the contexts that ship."""

from __future__ import annotations

import hashlib
import io
import json
import socket
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import select

from mooc.certificates.models import Certificate
from mooc.credentials import did, documents, issuer, issuing, jsonld, keys, proofs
from mooc.credentials.models import Credential
from mooc.extensions import db
from tests.certificates.helpers import pdf_tool, set_name
from tests.credentials.conftest import pdf_of

CONTEXT_SHA256 = {
    "credentials-v2.jsonld": "8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f",
    "data-integrity-v2.jsonld": "0f77743daf5b4e8fc067fc5ba5b21044283053aa717fc6b0219843bed3b00363",
    "did-v1.jsonld": "62c1054bf404d6dd3a4b26b64f830fd72095f6a26edc4469908c94351352ce5f",
    "multikey-v1.jsonld": "c5f3806f8286920573221938917988a18a4cc5a09e968d29649613c7a1c2b1f6",
    "ob-v3p0-3.0.3.jsonld": "ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761",
}


def test_shipped_contexts_are_the_ones_checked_in():
    folder = Path(jsonld.HERE)
    assert sorted(p.name for p in folder.iterdir()) == sorted(CONTEXT_SHA256)
    assert set(jsonld.CONTEXTS.values()) == set(CONTEXT_SHA256)
    for name, digest in CONTEXT_SHA256.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_the_loader_refuses_unknown_contexts_without_a_request(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    document = {"@context": ["https://example.org/unknown-context.jsonld"], "name": "x"}
    with pytest.raises(jsonld.jsonld.JsonLdError) as error:
        jsonld.canonize(document)
    chain, cause = [], error.value
    while cause is not None:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    refused = [e for e in chain if isinstance(e, jsonld.UnknownContext)]
    assert refused and "unknown-context.jsonld" in str(refused[0])
    # The shipped ones load with the network unavailable.
    assert jsonld.canonize({"@context": [jsonld.VC_V2], "type": "VerifiableCredential"})


@pytest.mark.parametrize(
    ("base", "expected", "path"),
    [
        ("https://mooc.uclg.org", "did:web:mooc.uclg.org", "/.well-known/did.json"),
        ("https://MOOC.uclg.org/", "did:web:mooc.uclg.org", "/.well-known/did.json"),
        ("http://127.0.0.1:5000", "did:web:127.0.0.1%3A5000", "/.well-known/did.json"),
        ("https://uclg.org/learning/mooc", "did:web:uclg.org:learning:mooc", "/did.json"),
        ("https://uclg.org/a%3Ab/", "did:web:uclg.org:a%253Ab", "/did.json"),
    ],
)
def test_did_web_from_the_base_url(base, expected, path):
    assert did.did_web(base) == expected
    assert did.document_path(base) == path


def test_the_did_document_is_served_where_did_web_looks(app, client, key_ring):
    body = client.get("/.well-known/did.json").get_json()
    public = key_ring.signing["publicKeyMultibase"]
    assert public.startswith("z6Mk")
    assert body["id"] == "did:web:localhost"
    assert body["verificationMethod"] == [
        {
            "id": f"did:web:localhost#{public}",
            "type": "Multikey",
            "controller": "did:web:localhost",
            "publicKeyMultibase": public,
        }
    ]
    assert body["assertionMethod"] == [f"did:web:localhost#{public}"]
    assert client.get("/did.json").status_code == 404
    from mooc import create_app

    under_a_path = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "DATABASE_URL": "sqlite://",
            "BASE_URL": "https://uclg.org/mooc",
            "ISSUER_KEY_FILE": app.config["ISSUER_KEY_FILE"],
        }
    )
    other = under_a_path.test_client()
    assert other.get("/did.json").get_json()["id"] == "did:web:uclg.org:mooc"
    assert other.get("/.well-known/did.json").status_code == 404


def test_rotating_the_key_keeps_old_public_keys(app, runner, key_ring):
    first = key_ring.signing["publicKeyMultibase"]
    result = runner.invoke(args=["credentials", "keygen"])
    assert result.exit_code == 0 and "--rotate" in result.output
    result = runner.invoke(args=["credentials", "keygen", "--rotate"])
    assert result.exit_code == 0, result.output
    ring = keys.load()
    assert len(ring.entries) == 2 and ring.signing["publicKeyMultibase"] != first
    assert "secretKeyMultibase" not in ring.entries[0]  # the retired key cannot sign any more
    assert ring.public_keys()[0] == first
    document = issuer.did_document()
    assert [m["publicKeyMultibase"] for m in document["verificationMethod"]] == ring.public_keys()
    stored = json.loads(Path(app.config["ISSUER_KEY_FILE"]).read_text())
    assert len(stored["keys"]) == 2


def test_a_named_key_file_must_exist(app, runner, tmp_path):
    app.config["ISSUER_KEY_FILE"] = str(tmp_path / "missing" / "keys.json")
    with pytest.raises(keys.KeyFileError):
        keys.load()
    result = runner.invoke(args=["credentials", "keygen"])
    assert result.exit_code == 0 and "New signing key" in result.output
    assert (tmp_path / "missing" / "keys.json").stat().st_mode & 0o077 == 0
    (tmp_path / "missing" / "keys.json").write_text("{not json")
    result = runner.invoke(args=["credentials", "keygen", "--rotate"])
    assert result.exit_code == 1 and "not an issuer key file" in result.output


def test_each_certificate_gets_a_signed_open_badge(client, issued, enrolled, key_ring):
    response = client.get(f"/credentials/{issued.code}.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    text = response.get_data(as_text=True)
    credential = json.loads(text)
    assert credential["@context"] == [jsonld.VC_V2, jsonld.OB_V3]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"http://localhost/credentials/{issued.code}.json"
    assert credential["issuer"]["id"] == "did:web:localhost"
    assert credential["issuer"]["type"] == ["Profile"] and credential["issuer"]["name"]
    assert credential["validFrom"] == issued.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert "validUntil" not in credential
    subject = credential["credentialSubject"]
    assert subject["name"] == issued.name
    assert subject["identifier"][0] == {
        "type": "IdentityObject",
        "identityType": "name",
        "hashed": False,
        "identityHash": issued.name,
    }
    assert subject["id"] == issuing.subject_id(enrolled.id) != issuing.subject_id(enrolled.id + 1)
    assert subject["id"].startswith("urn:uuid:")
    assert enrolled.email not in text
    achievement = subject["achievement"]
    assert achievement["id"] == "http://localhost/courses/demo/"
    assert achievement["name"] == "Demo course" and achievement["inLanguage"] == "en"
    assert achievement["achievementType"] == "Course"
    assert "average of at least 70%" in achievement["criteria"]["narrative"]
    assert "Estimated effort: 2 hours." in achievement["criteria"]["narrative"]
    assert achievement["related"] == [
        {
            "id": "http://localhost/courses/demo/?lang=fr",
            "type": ["Related"],
            "inLanguage": "fr",
            "name": "Cours de démonstration",
            "description": "Un cours pour les tests.",
        }
    ]
    status = credential["credentialStatus"]
    stored = db.session.scalar(select(Credential).where(Credential.certificate_id == issued.id))
    assert status["statusListIndex"] == str(stored.status_index)
    assert status["statusListCredential"] == "http://localhost/credentials/status/1.json"
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    [proof] = credential["proof"]
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["verificationMethod"] == (
        "did:web:localhost#" + key_ring.signing["publicKeyMultibase"]
    )
    assert proofs.verify(credential, issuer.resolve)[0]
    assert stored.document == text


def test_the_credential_is_in_the_learners_language_and_names_the_others(client, enrolled):
    from tests.certificates.helpers import complete

    complete(client)
    client.post("/courses/demo/certificate?lang=fr")
    code = db.session.scalar(select(Certificate.code))
    credential = client.get(f"/credentials/{code}.json").get_json()
    achievement = credential["credentialSubject"]["achievement"]
    assert (achievement["name"], achievement["inLanguage"]) == ("Cours de démonstration", "fr")
    assert "moyenne" in achievement["criteria"]["narrative"]
    assert credential["issuer"]["name"].startswith("CGLU")
    assert [(r["inLanguage"], r["name"]) for r in achievement["related"]] == [("en", "Demo course")]


def test_the_pdf_carries_the_same_credential_bytes(client, issued, tmp_path):
    data = pdf_of(client, issued)
    served = client.get(f"/credentials/{issued.code}.json").get_data()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert list(pdf.attachments) == ["credential.json"]
        spec = pdf.attachments["credential.json"]
        assert spec.get_file().read_bytes() == served
        assert str(spec.get_file().mime_type) == "application/json"
        assert spec.obj.AFRelationship == pikepdf.Name.Source
        af = pdf.Root.AF
        assert len(af) == 1 and af[0].objgen == spec.obj.objgen
    pdf_tool("qpdf", data, tmp_path, "--check")
    listing = pdf_tool("pdfdetach", data, tmp_path, "-list")
    assert "credential.json" in listing
    assert issued.sha256 == hashlib.sha256(data).hexdigest()


def test_a_lost_pdf_rendered_again_carries_the_credential_issued_with_it(
    app, client, issued, tmp_path
):
    import os

    served = client.get(f"/credentials/{issued.code}.json").get_data()
    os.remove(os.path.join(app.config["CERTIFICATES_DIR"], f"{issued.code}.pdf"))
    data = pdf_of(client, issued)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert list(pdf.attachments) == ["credential.json"]
        assert pdf.attachments["credential.json"].get_file().read_bytes() == served
    pdf_tool("qpdf", data, tmp_path, "--check")
    assert client.get(f"/credentials/{issued.code}.json").get_data() == served
    db.session.expire_all()
    assert db.session.get(Certificate, issued.id).sha256 == hashlib.sha256(data).hexdigest()


def test_unknown_and_malformed_codes_find_no_credential(client, synced):
    for code in ("A" * 26, "not-a-code!"):
        response = client.get(f"/credentials/{code}.json")
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"


def revoked_bits(client, url: str) -> tuple[dict, bytes]:
    status_list = client.get(url).get_json()
    return status_list, documents.decode_bits(status_list["credentialSubject"]["encodedList"])


def test_revoking_and_superseding_flip_the_status_bit(client, issued, enrolled, runner):
    first = json.loads(client.get(f"/credentials/{issued.code}.json").get_data())
    url = first["credentialStatus"]["statusListCredential"]
    index = int(first["credentialStatus"]["statusListIndex"])
    status_list, bits = revoked_bits(client, url)
    assert len(bits) == documents.LIST_SIZE // 8 == 16384
    assert not documents.bit(bits, index) and not any(bits)
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_list["issuer"] == "did:web:localhost"
    assert proofs.verify(status_list, issuer.resolve)[0]
    assert client.get(url).get_data() == client.get(url).get_data()  # stable while unchanged
    set_name(enrolled, "Ana María Pérez")
    client.post("/courses/demo/certificate")
    newer = db.session.scalar(select(Certificate).where(Certificate.status == "valid"))
    second = json.loads(client.get(f"/credentials/{newer.code}.json").get_data())
    assert second["credentialSubject"]["name"] == "Ana María Pérez"
    _list, bits = revoked_bits(client, url)
    assert documents.bit(bits, index)  # the superseded one
    assert not documents.bit(bits, int(second["credentialStatus"]["statusListIndex"]))
    result = runner.invoke(args=["certificates", "revoke", newer.code, "--reason", "error"])
    assert result.exit_code == 0
    _list, bits = revoked_bits(client, url)
    assert documents.bit(bits, int(second["credentialStatus"]["statusListIndex"]))
    assert client.get("/credentials/status/2.json").status_code == 404


def test_encoded_lists_round_trip():
    encoded = documents.encode_bits({0, 7, 8, 131071})
    bits = documents.decode_bits(encoded)
    assert [i for i in range(documents.LIST_SIZE) if documents.bit(bits, i)] == [0, 7, 8, 131071]
    assert bits[0] == 0b10000001 and bits[1] == 0b10000000
    assert encoded == documents.encode_bits({0, 7, 8, 131071})


def test_the_api_and_the_verify_page_link_the_credential(client, issued):
    api = client.get(f"/api/v1/certificates/{issued.code}").get_json()
    assert api["credential_url"] == f"http://localhost/credentials/{issued.code}.json"
    page = client.get(f"/verify/{issued.code}").get_data(as_text=True)
    assert f"/credentials/{issued.code}.json" in page and 'class="wrap"' in page


def test_backfill_gives_older_certificates_their_credential(client, issued, runner):
    db.session.query(Credential).delete()
    db.session.commit()
    assert client.get(f"/credentials/{issued.code}.json").status_code == 404
    result = runner.invoke(args=["credentials", "backfill"])
    assert result.exit_code == 0 and "1 certificates" in result.output
    credential = client.get(f"/credentials/{issued.code}.json").get_json()
    assert proofs.verify(credential, issuer.resolve)[0]
    assert credential["credentialSubject"]["achievement"]["name"] == "Demo course"
    assert runner.invoke(args=["credentials", "backfill"]).output.startswith("0 ")


def test_bulk_issued_certificates_carry_their_credentials(client, enrolled, runner):
    from mooc.certificates import queries
    from tests.certificates.helpers import complete
    from tests.factories import PASSWORD, UserFactory

    complete(client)
    client.post("/logout")
    second = UserFactory(certificate_name="王秀英")
    client.post("/login", data={"email": second.email, "password": PASSWORD})
    client.post("/courses/demo/enrol")
    complete(client)
    result = runner.invoke(args=["certificates", "issue", "--course", "demo", "--workers", "2"])
    assert result.exit_code == 0, result.output
    credentials = db.session.scalars(select(Credential)).all()
    assert len(credentials) == 2
    assert len({(c.status_list, c.status_index) for c in credentials}) == 2
    for credential in credentials:
        with pikepdf.open(queries.file_path(credential.certificate)) as pdf:
            embedded = pdf.attachments["credential.json"].get_file().read_bytes()
        assert embedded == credential.document.encode()
        assert proofs.verify(json.loads(embedded), issuer.resolve)[0]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_credentials_follow_1edtechs_json_schema(client, enrolled, lang):
    import jsonschema

    from tests.certificates.helpers import complete
    from tests.credentials.test_vectors import VECTORS

    schema = json.loads((VECTORS / "ob30-achievementcredential.schema.json").read_text())
    complete(client)
    client.post(f"/courses/demo/certificate?lang={lang}")
    code = db.session.scalar(select(Certificate.code))
    credential = client.get(f"/credentials/{code}.json").get_json()
    validator = jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )
    assert [error.message for error in validator.iter_errors(credential)] == []
    broken = {**credential, "credentialSubject": {"type": ["AchievementSubject"]}}
    assert list(validator.iter_errors(broken))  # the schema does check what it is given
