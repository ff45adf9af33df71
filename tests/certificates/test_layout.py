"""The certificate's layout fits any allowed name on one page, with every field readable, and
what its issue and lost files must survive."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from datetime import datetime

import pytest
from sqlalchemy import select

from mooc.certificates.models import Certificate
from mooc.certificates.pdf import StaticOnlyFetcher, render_pdf
from mooc.extensions import db
from tests.certificates.helpers import complete, pdf_tool, set_name

CODE = "ABCDEFGHJKMNPQRSTVWXYZ2345"
WORST = {
    "200 Latin": " ".join(["Maximiliana"] * 16) + " Abcdefghijklmn"[: 200 - 16 * 12 + 1],
    "100 CJK": "王秀英金民智" * 16 + "王秀英金",
    "one unbreakable word": "W" * 200,
    "200 full-width": "Ｍ" * 200,
    "Arabic": "فاطمة الزهراء بنت محمد " * 8,
    "Devanagari": "प्रिया पटेल " * 18,
}


def plan(name: str, locale: str = "en", **extra) -> dict:
    return {
        "name": name,
        "issued_at": datetime(2026, 12, 3, 15, 29),
        "city": "Séoul" if locale == "fr" else "Seoul",
        "code": CODE,
        "locale": locale,
        "issuer": "UCLG — Committee on Social Inclusion",
        "verify_url": f"https://learn.example/verify/{CODE}",
        "kind": "course",
        "course": "Human rights cities: an introduction for local officials",
        "hours": 6,
        **extra,
    }


def pages(data: bytes, tmp_path) -> int:
    path = tmp_path / "c.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("case", sorted(WORST))
def test_the_worst_names_fit_on_one_page_with_every_field(app, tmp_path, case):
    name = WORST[case][:200]
    assert len(name) <= 200
    data = render_pdf(plan(name))
    assert pages(data, tmp_path) == 1
    text = pdf_tool("pdftotext", data, tmp_path, "-enc", "UTF-8")
    everything = flat(text)
    assert flat(name) in everything or all(word in text for word in name.split())
    for field in (
        "Human rights cities",
        "December 3, 2026",
        "Seoul",
        "6 hours",
        "UCLG",
        "Committee on Social Inclusion",
        "learn.example/verify",
    ):
        assert flat(field) in everything, (case, field)
    assert CODE in text  # on one line, never broken


def test_a_long_path_with_many_courses_fits_too(app, tmp_path):
    data = render_pdf(
        plan(
            WORST["200 Latin"][:200],
            kind="path",
            path="A learning path with a long title " * 4,
            courses=[f"Course number {n} with a rather long title" for n in range(12)],
        )
    )
    assert pages(data, tmp_path) == 1


def test_the_french_certificate_speaks_french(app, tmp_path):
    data = render_pdf(plan("Ana", "fr", issuer="CGLU — Commission Inclusion sociale"))
    text = pdf_tool("pdftotext", data, tmp_path, "-enc", "UTF-8")
    assert "Séoul" in text and "CGLU" in text and "Certificat" in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://{static}/%2e%2e/%2e%2e/config.py",
        "file://{static}/..%2f..%2fconfig.py",
        "file://{static}/%2E%2E/%2E%2E/__init__.py",
        "file://evil.example{static}/style.css",
        "file://{static}/style.css%00.png",
        "http://evil.example/x.png",
        "ftp://evil.example/x",
    ],
)
def test_the_fetcher_refuses_everything_outside_static(app, url):
    fetcher = StaticOnlyFetcher(app.static_folder)
    with pytest.raises(ValueError):
        fetcher.fetch(url.format(static=app.static_folder))


def test_the_fetcher_serves_static_files(app):
    fetcher = StaticOnlyFetcher(app.static_folder)
    result = fetcher.fetch(f"file://{app.static_folder}/certificates/emblem.svg")
    assert result is not None


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_certificate_name_falls_back_to_the_name(client, enrolled, blank):
    response = client.patch("/api/v1/me", json={"certificate_name": blank})
    assert response.status_code == 200
    assert response.get_json()["certificate_name"] == enrolled.display_name


@pytest.mark.parametrize(
    "name",
    [
        "Ana\u202eatnavlis",
        "\u202dBob",
        "Eve\u2066x\u2069",
        "Nul\x01l",
        "Zero\u200bWidth",
        "A\u061cB",
    ],
)
def test_direction_overrides_and_controls_are_refused(client, enrolled, name):
    for field in ("certificate_name", "display_name"):
        response = client.patch("/api/v1/me", json={field: name})
        assert response.status_code == 422, (field, name)
        assert field in response.get_json()["error"]["fields"]
    page = client.post("/account", data={"display_name": "Ana", "certificate_name": name})
    assert page.status_code == 400


def test_joiners_that_scripts_need_are_kept(client, enrolled):
    name = "क्\u200dष नि\u200cत"
    assert client.patch("/api/v1/me", json={"certificate_name": name}).status_code == 200


def test_a_lost_pdf_is_rendered_again_with_the_same_code(app, client, enrolled, tmp_path):
    set_name(enrolled, "Ana Lost")
    complete(client)
    client.post("/courses/demo/certificate")
    certificate = db.session.scalar(select(Certificate))
    path = os.path.join(app.config["CERTIFICATES_DIR"], f"{certificate.code}.pdf")
    os.remove(path)
    again = client.post("/courses/demo/certificate")
    assert again.headers["Location"].endswith(f"/certificates/{certificate.code}.pdf")
    response = client.get(f"/certificates/{certificate.code}.pdf")
    assert response.status_code == 200
    data = response.get_data()
    response.close()
    text = pdf_tool("pdftotext", data, tmp_path, "-enc", "UTF-8")
    assert "Ana Lost" in text and certificate.code in text
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).sha256 == hashlib.sha256(data).hexdigest()
    assert len(db.session.scalars(select(Certificate)).all()) == 1


def test_a_full_or_read_only_folder_leaves_no_part_file(app, client, enrolled, monkeypatch):
    from mooc.certificates import services

    complete(client)
    folder = app.config["CERTIFICATES_DIR"]
    os.makedirs(folder, exist_ok=True)
    real_replace = os.replace

    def full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services.os, "replace", full)
    with pytest.raises(OSError):
        client.post("/courses/demo/certificate")
    monkeypatch.setattr(services.os, "replace", real_replace)
    assert [name for name in os.listdir(folder) if name.endswith(".part")] == []
    assert db.session.scalar(select(Certificate)) is None
