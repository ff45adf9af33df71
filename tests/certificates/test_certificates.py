"""Certificates: PDFs in any script, verification, revocation, supersession, access."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import select

from mooc.certificates import queries
from mooc.certificates.models import Certificate
from mooc.extensions import db
from tests.certificates.helpers import complete, pdf_tool, set_name
from tests.factories import PASSWORD, UserFactory


def issue(client) -> tuple[Certificate, bytes]:
    response = client.post("/courses/demo/certificate")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    download = client.get(response.location)
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    data = download.get_data()
    download.close()
    db.session.expire_all()
    return db.session.scalar(select(Certificate).where(Certificate.status == "valid")), data


@pytest.mark.parametrize(
    "name",
    [
        "김민지",
        "فاطمة الزهراء",
        "Αικατερίνη Παπαδοπούλου",
        "प्रिया पटेल",
        "王秀英",
        "José Martí Núñez-Çelik",
    ],
)
def test_names_in_any_script_come_back_from_the_pdf(client, enrolled, tmp_path, name):
    set_name(enrolled, name)
    complete(client)
    certificate, data = issue(client)
    text = pdf_tool("pdftotext", data, tmp_path, "-enc", "UTF-8")
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", name) in flat or name in text
    fonts = pdf_tool("pdffonts", data, tmp_path).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # emb column
    pdf_tool("qpdf", data, tmp_path, "--check")
    assert certificate.sha256 == hashlib.sha256(data).hexdigest()
    assert certificate.code in text.replace("\n", "")


def test_not_eligible_learners_get_no_certificate(client, enrolled):
    response = client.post("/courses/demo/certificate")
    assert response.location == "/courses/demo/"
    assert db.session.scalar(select(Certificate)) is None


def test_issuing_again_is_idempotent_and_a_new_name_supersedes(client, enrolled):
    complete(client)
    first, _data = issue(client)
    again, _data = issue(client)
    assert again.code == first.code
    set_name(enrolled, "Ana María Pérez")
    newer, _data = issue(client)
    assert newer.code != first.code
    db.session.refresh(first)
    assert first.status == "superseded"
    page = client.get(f"/verify/{first.code}?lang=es").get_data(as_text=True)
    assert "sustituido" in page or "reemplazado" in page


@pytest.mark.parametrize(
    ("lang", "valid", "revoked"),
    [
        ("en", "This certificate is valid.", "This certificate was revoked on"),
        ("fr", "Ce certificat est valide.", "Ce certificat a été révoqué le"),
        ("es", "Este certificado es válido.", "Este certificado fue revocado el"),
    ],
)
def test_verification_page_in_three_languages(client, enrolled, runner, lang, valid, revoked):
    complete(client)
    certificate, _data = issue(client)
    client.post("/logout")
    page = client.get(f"/verify/{certificate.code}?lang={lang}").get_data(as_text=True)
    assert valid in page and certificate.sha256 in page and "Demo course" in page
    assert enrolled.email not in page
    result = runner.invoke(args=["certificates", "revoke", certificate.code, "--reason", "error"])
    assert result.exit_code == 0, result.output
    page = client.get(f"/verify/{certificate.code}?lang={lang}").get_data(as_text=True)
    assert revoked in page
    api = client.get(f"/api/v1/certificates/{certificate.code}").get_json()
    assert api["status"] == "revoked" and api["kind"] == "course"
    assert "email" not in api and "id" not in api


def test_unknown_and_malformed_codes_give_the_same_404(client, synced):
    unknown = client.get("/verify/" + "A" * 26)
    malformed = client.get("/verify/not-a-code!")
    assert unknown.status_code == malformed.status_code == 404
    assert unknown.get_data() == malformed.get_data()


def test_another_learner_cannot_download_the_certificate(client, enrolled):
    complete(client)
    certificate, _data = issue(client)
    client.post("/logout")
    other = UserFactory()
    client.post("/login", data={"email": other.email, "password": PASSWORD})
    assert client.get(f"/certificates/{certificate.code}.pdf").status_code == 404


def test_verification_is_rate_limited(app, client, synced):
    from mooc import create_app

    limited = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "VERIFY_LIMIT": "3 per minute",
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    other = limited.test_client()
    codes = [other.get("/verify/" + "B" * 26).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    with limited.app_context():
        db.engine.dispose()


def test_admins_revoke_from_a_page_and_others_cannot(client, enrolled):
    complete(client)
    certificate, _data = issue(client)
    url = f"/admin/certificates/{certificate.code}/revoke"
    assert client.get(url).status_code == 403  # a learner
    client.post("/logout")
    admin = UserFactory(role="admin")
    client.post("/login", data={"email": admin.email, "password": PASSWORD})
    assert client.post(url, data={"reason": ""}).status_code == 400
    response = client.post(url, data={"reason": "issued by mistake"})
    assert response.location == f"/verify/{certificate.code}"
    db.session.refresh(certificate)
    assert (certificate.status, certificate.revoke_reason) == ("revoked", "issued by mistake")


def test_bulk_issue_command_issues_to_eligible_learners_only(client, enrolled, runner):
    complete(client)
    client.post("/logout")
    other = UserFactory()
    client.post("/login", data={"email": other.email, "password": PASSWORD})
    client.post("/courses/demo/enrol")
    result = runner.invoke(args=["certificates", "issue", "--course", "demo"])
    assert result.exit_code == 0, result.output
    assert "1 of 2 learners have a certificate." in result.output
    again = runner.invoke(args=["certificates", "issue", "--course", "demo"])
    assert "1 of 2" in again.output
    assert db.session.query(Certificate).count() == 1
    assert runner.invoke(args=["certificates", "revoke", "NOPE", "--reason", "x"]).exit_code == 1


def test_certificate_through_the_api(client, enrolled):
    response = client.post("/api/v1/courses/demo/certificate")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "not_eligible"
    complete(client)
    body = client.post("/api/v1/courses/demo/certificate").get_json()
    assert body["status"] == "valid" and body["verify_url"].endswith(f"/verify/{body['code']}")
    download = client.get(body["pdf_url"])
    assert hashlib.sha256(download.get_data()).hexdigest() == body["sha256"]
    download.close()


def test_bulk_issue_renders_in_worker_processes(client, enrolled, runner, tmp_path):

    complete(client)
    client.post("/logout")
    second = UserFactory(certificate_name="王秀英")
    client.post("/login", data={"email": second.email, "password": PASSWORD})
    client.post("/courses/demo/enrol")
    complete(client)
    result = runner.invoke(args=["certificates", "issue", "--course", "demo", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "2 of 2 learners have a certificate." in result.output
    for certificate in db.session.scalars(select(Certificate)):
        with open(queries.file_path(certificate), "rb") as handle:
            data = handle.read()
        assert hashlib.sha256(data).hexdigest() == certificate.sha256
        assert certificate.name in pdf_tool("pdftotext", data, tmp_path, "-enc", "UTF-8")


def test_an_uploaded_pdf_is_checked_against_the_genuine_hash(client, enrolled):
    import io

    complete(client)
    certificate, data = issue(client)
    client.post("/logout")
    url = f"/verify/{certificate.code}"
    page = client.post(
        url, data={"pdf": (io.BytesIO(data), "c.pdf")}, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "This file is the genuine certificate." in page
    forged = data + b"\n% edited after issue\n"
    page = client.post(
        url, data={"pdf": (io.BytesIO(forged), "c.pdf")}, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "This file is not the genuine certificate" in page


def test_the_course_page_shows_the_issued_certificate_and_offers_a_new_name(client, app, enrolled):
    from mooc.certificates.models import Certificate
    from mooc.extensions import db
    from tests.cohorts.helpers import RIGHT, progress

    progress(enrolled, ["intro"], [RIGHT])
    progress(enrolled, ["housing"])
    client.post("/courses/demo/certificate")
    certificate = db.session.query(Certificate).one()
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert certificate.code in page
    assert f"/verify/{certificate.code}" in page and f"/certificates/{certificate.code}.pdf" in page
    assert "Issue it again" not in page
    enrolled.certificate_name = "Ana María"
    db.session.commit()
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert "Issue it again with the name “Ana María”" in page
