"""Pages: checking an uploaded credential or certificate PDF, the verify page's answers for
unknown codes and in three languages, the learner's links (JSON, LinkedIn)."""

from __future__ import annotations

import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.credentials.conftest import pdf_of
from tests.credentials.test_vectors import VECTORS


def upload(client, data: bytes, name: str = "credential.json"):
    return client.post(
        "/verify", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def test_an_uploaded_credential_or_pdf_is_checked(client, issued, runner):
    client.post("/logout")
    text = client.get(f"/credentials/{issued.code}.json").get_data()
    for data, name in ((text, "badge.json"), (pdf_of_holder(client, issued), "c.pdf")):
        page = upload(client, data, name).get_data(as_text=True)
        assert "The signature is valid" in page, name
        assert "Valid: not revoked" in page and issued.name in page and "Demo course" in page
    tampered = json.loads(text)
    tampered["credentialSubject"]["name"] = "Mallory"
    page = upload(client, json.dumps(tampered).encode()).get_data(as_text=True)
    assert "The signature does not match" in page and "Valid: not revoked" not in page
    runner.invoke(args=["certificates", "revoke", issued.code, "--reason", "test"])
    page = upload(client, text).get_data(as_text=True)
    assert "The signature is valid" in page and "Revoked or replaced" in page


def pdf_of_holder(client, issued) -> bytes:
    from mooc.accounts.models import User
    from mooc.extensions import db
    from tests.certificates.helpers import sign_in

    sign_in(client, db.session.get(User, issued.user_id))
    data = pdf_of(client, issued)
    client.post("/logout")
    return data


def test_someone_elses_credential_is_not_claimed_as_checked(client, synced):
    other = json.loads((VECTORS / "w3c-vc-di-eddsa" / "signedDataInt.json").read_text())
    page = upload(client, json.dumps(other).encode()).get_data(as_text=True)
    assert "was not issued here" in page or "does not match" in page
    assert "The signature is valid" not in page


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        (b"", 400, "Choose a file to check."),
        (b"{not json", 422, "not a verifiable credential"),
        (b'{"type": ["Something"]}', 422, "not a verifiable credential"),
        (b"%PDF-1.7\nbroken", 422, "cannot be read as a PDF"),
    ],
)
def test_bad_uploads_get_a_clear_answer(client, synced, data, status, message):
    response = upload(client, data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_uploads_are_bounded(app, client, synced):
    app.config["CREDENTIAL_UPLOAD_LIMIT"] = 1000
    response = upload(client, b" " * 1001)
    assert response.status_code == 413 and "too large" in response.get_data(as_text=True)


def test_a_pdf_without_a_credential_is_named_as_such(client, synced):
    from weasyprint import HTML

    data = HTML(string="<p>hello</p>").write_pdf()
    response = upload(client, data, "other.pdf")
    assert response.status_code == 422
    assert "carries no credential" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "message", "issuer"),
    [
        ("en", "No certificate has this code.", "UCLG — Committee"),
        ("fr", "Aucun certificat ne porte ce code.", "CGLU — Commission"),
        ("es", "Ningún certificado tiene este código.", "CGLU — Comisión"),
    ],
)
def test_verify_pages_in_three_languages(client, issued, lang, message, issuer):
    for code in ("A" * 26, "not-a-code!"):
        response = client.get(f"/verify/{code}?lang={lang}")
        assert response.status_code == 404
        assert message in response.get_data(as_text=True)
    page = client.get(f"/verify/{issued.code}?lang={lang}").get_data(as_text=True)
    assert issuer in page


def test_the_learner_can_add_the_certificate_to_linkedin(app, client, issued):
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert f"/credentials/{issued.code}.json" in page and "Add to LinkedIn profile" in page
    body = client.post("/api/v1/courses/demo/certificate").get_json()
    link = urlsplit(body["linkedin_url"])
    assert (link.scheme, link.netloc, link.path) == ("https", "www.linkedin.com", "/profile/add")
    query = {key: values[0] for key, values in parse_qs(link.query).items()}
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Demo course",
        "organizationName": app.config["ISSUER"],
        "issueYear": str(issued.issued_at.year),
        "issueMonth": str(issued.issued_at.month),
        "certUrl": f"http://localhost/verify/{issued.code}",
        "certId": issued.code,
    }
    assert body["linkedin_url"].replace("&", "&amp;") in page
    assert body["credential_url"] == f"http://localhost/credentials/{issued.code}.json"
    app.config["LINKEDIN_ORGANIZATION_ID"] = "1234"
    body = client.post("/api/v1/courses/demo/certificate").get_json()
    query = parse_qs(urlsplit(body["linkedin_url"]).query)
    assert query["organizationId"] == ["1234"] and "organizationName" not in query


def test_credentials_and_uploads_are_rate_limited(app, synced):
    from mooc import create_app
    from mooc.extensions import db

    limited = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "VERIFY_LIMIT": "2 per minute",
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "ISSUER_KEY_FILE": app.config["ISSUER_KEY_FILE"],
        }
    )
    other = limited.test_client()
    codes = [other.get("/credentials/" + "B" * 26 + ".json").status_code for _ in range(3)]
    assert codes == [404, 404, 429]
    assert other.get("/verify").status_code == 200  # the form itself is not counted
    posts = [upload(other, b"{}").status_code for _ in range(3)]
    assert posts == [422, 422, 429]
    with limited.app_context():
        db.engine.dispose()


def test_crafted_uploads_are_refused_before_any_costly_step(client, issued, monkeypatch):
    import zlib

    import pikepdf

    from mooc.credentials import jsonld, verification

    calls = []
    monkeypatch.setattr(jsonld, "canonize", lambda *args, **kwargs: calls.append(args))
    text = client.get(f"/credentials/{issued.code}.json").get_json()
    nested: dict = {}
    for _level in range(20):
        nested = {"a": nested}
    for value in ({**text, "evidence": [nested]}, {**text, "evidence": [{}] * 300}):
        response = upload(client, json.dumps(value).encode())
        assert response.status_code == 422
    assert calls == []
    pdf = pikepdf.new()  # a PDF whose attachment inflates far past any credential
    bomb = pikepdf.Stream(pdf, zlib.compress(b" " * (20 * 1024 * 1024)))
    bomb.Filter = pikepdf.Name.FlateDecode
    pdf.attachments["credential.json"] = pikepdf.AttachedFileSpec(pdf, b"")
    pdf.attachments["credential.json"].obj.EF.F = pdf.make_indirect(bomb)
    stream = io.BytesIO()
    pdf.save(stream)
    assert len(stream.getvalue()) < verification.MAX_JSON
    response = upload(client, stream.getvalue(), "bomb.pdf")
    assert response.status_code == 422
    assert "not a verifiable credential" in response.get_data(as_text=True)


def test_our_signature_on_a_document_naming_another_issuer_is_refused(client, issued):
    from mooc.credentials import issuer

    document = client.get(f"/credentials/{issued.code}.json").get_json()
    document.pop("proof")
    document["issuer"] = {"id": "did:web:impostor.example", "type": ["Profile"], "name": "X"}
    signed = issuer.sign(document, issued.issued_at)
    page = upload(client, json.dumps(signed).encode()).get_data(as_text=True)
    assert "The signature is valid" not in page
