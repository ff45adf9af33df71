"""Credential tests sign with a key ring of their own (never the instance folder's)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mooc.certificates.models import Certificate
from mooc.credentials import keys
from mooc.extensions import db
from tests.certificates.helpers import complete


@pytest.fixture(autouse=True)
def key_ring(app, tmp_path):
    """A fresh issuer key ring for the test."""
    app.config["ISSUER_KEY_FILE"] = str(tmp_path / "issuer-keys.json")
    ring, made = keys.generate()
    assert made
    return ring


@pytest.fixture
def issued(client, enrolled):
    """The signed-in learner's certificate of the demo course, issued through the page."""
    complete(client)
    response = client.post("/courses/demo/certificate")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    db.session.expire_all()
    return db.session.scalar(select(Certificate).where(Certificate.status == "valid"))


def pdf_of(client, certificate) -> bytes:
    """The certificate's PDF as its holder downloads it."""
    response = client.get(f"/certificates/{certificate.code}.pdf")
    assert response.status_code == 200
    data = response.get_data()
    response.close()
    return data
