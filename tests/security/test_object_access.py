"""A learner cannot read or change another learner's objects by changing an id in the URL.

Every route whose URL names an object (a token, an attempt, a certificate, a cohort) is found by
walking `app.url_map`; a new route with such an argument fails `test_every_object_route_is_
covered` until it is added here with the way to name another learner's object."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mooc.accounts.models import ApiToken
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt
from tests.factories import UserFactory
from tests.routes import build_world, rules, url

OBJECT_ARGUMENTS = {"token_id", "number", "cohort_id", "job_id", "invitation_id"}
OBJECT_ARGUMENTS |= {"answer_id", "post_id", "discussion_id", "report_id"}  # the exchange
OBJECT_ARGUMENTS |= {"review_id", "submission_id"}  # assignments
# Routes with a certificate code: only the PDF download is private (verification is public, and
# revocation is for admins, tested in tests/certificates).
PRIVATE_CODES = {"certificates.download"}
PUBLIC = {
    "certificates.verify",
    "api.verify_api",
    "certificates.revoke",
    "cohorts.join",
    "cohorts.join_start",  # a join link is its own proof: anyone with it may join
    "api.join",
    # A certificate's Open Badges credential and the status lists are public, as verification
    # is: verifiers fetch them (tests/credentials).
    "credentials.document",
    "credentials.status_list",
}


def object_routes() -> list:
    """(rule, method) of every route whose URL names a private object."""
    found = []
    for rule in rules({"GET", "POST", "PUT", "PATCH", "DELETE"}):
        names = set(rule.arguments)
        if rule.endpoint in PUBLIC and rule.endpoint.startswith("credentials."):
            continue
        if not (names & OBJECT_ARGUMENTS or ("code" in names and rule.endpoint not in PUBLIC)):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append(pytest.param(rule, method, id=f"{method} {rule.rule}"))
    return found


ROUTES = object_routes()


def test_every_object_route_is_covered():
    endpoints = {p.values[0].endpoint for p in ROUTES}
    assert {"accounts.revoke_token", "api.attempt", "quizzes.attempt"} <= endpoints
    with_codes = {p.values[0].endpoint for p in ROUTES if "<code>" in p.values[0].rule}
    assert with_codes <= PRIVATE_CODES, "a new route names objects by code: cover it here"


@pytest.fixture
def owner(app, synced):
    """Another learner's objects: an API token, a quiz attempt, a certificate, a cohort."""
    return build_world("Ana Owner")


def snapshot() -> tuple:
    return (
        db.session.scalar(
            select(func.count()).select_from(ApiToken).where(ApiToken.revoked_at.is_(None))
        ),
        db.session.scalar(select(func.count()).select_from(QuizAttempt)),
    )


@pytest.mark.parametrize(("rule", "method"), ROUTES)
def test_another_learner_gets_404(client, auth, owner, rule, method):
    auth.login(UserFactory(display_name="Bea Intruder"))
    client.post("/courses/demo/enrol")
    address = url(rule, owner)
    before = snapshot()
    if address.startswith("/api/"):
        response = client.open(address, method=method, json={})
    else:
        response = client.open(address, method=method, data={})
    assert response.status_code in (403, 404), (address, response.status_code)
    body = response.get_data()
    assert b"Ana Owner" not in body and b"%PDF" not in body[:10]
    assert snapshot() == before
