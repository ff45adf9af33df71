"""xAPI fixtures: an LRS address, a fake LRS that records what it is sent, a learner's journey."""

from __future__ import annotations

import json

import pytest

from mooc.xapi import client as lrs_client
from tests.certificates.helpers import RIGHT

HALF = {"q-adopted-by": "0", "q-charters": ["0", "1"], "q-forum-city": "Gwangju"}  # 67%: fails
REGISTRATION = {"email": "ana@example.org", "password": "a long password", "display_name": "Ana"}


class FakeLrs:
    """Stands in for the network in the unit tests: answers `ok` unless told otherwise, and
    keeps every batch it was sent."""

    def __init__(self) -> None:
        self.batches: list[list[dict]] = []
        self.answers: list[lrs_client.Answer] = []  # the next answers, then `ok`

    def __call__(self, statements):
        self.batches.append([json.loads(s) if isinstance(s, str) else s for s in statements])
        if self.answers:
            return self.answers.pop(0)
        return lrs_client.Answer("ok", 200, "")

    @property
    def statements(self) -> list[dict]:
        return [statement for batch in self.batches for statement in batch]


@pytest.fixture
def lrs_on(app):
    """An LRS configured (the address is never reached unless a test starts one there)."""
    app.config.update(
        LRS_URL="http://127.0.0.1:9/xAPI/", LRS_KEY="key", LRS_SECRET="secret", XAPI_TIMEOUT=2
    )
    return app


@pytest.fixture
def fake_lrs(lrs_on, monkeypatch) -> FakeLrs:
    """The sender posts to a fake LRS."""
    fake = FakeLrs()
    monkeypatch.setattr(lrs_client, "post", fake)
    return fake


def journey(client, *, language: str = "fr") -> None:
    """A learner registers (signed in), enrols, completes a lesson, fails then passes the quiz,
    completes the course and gets her certificate: every step through the pages and the API."""
    response = client.post("/register", data={**REGISTRATION, "language": language})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert client.post("/courses/demo/enrol").status_code == 302
    assert client.post("/courses/demo/lessons/intro/done").status_code == 302
    client.post("/courses/demo/quizzes/check/attempts", data=HALF)
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    client.post("/courses/demo/lessons/housing/done")
    assert client.post("/api/v1/courses/demo/certificate").status_code in (200, 201)


JOURNEY_VERBS = [
    "registered",  # the platform
    "registered",  # the course
    "completed",  # the lesson intro
    "attempted",  # the quiz, failed
    "attempted",  # the quiz, passed
    "completed",  # the lesson housing
    "completed",  # the course
    "earned",  # the certificate
]
