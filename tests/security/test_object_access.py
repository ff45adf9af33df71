"""A learner cannot read or change another learner's objects by changing an id in the URL.

Every route whose URL names an object (a token, an attempt, a certificate, a cohort) is found by
walking `app.url_map`; a new route with such an argument fails `test_every_object_route_is_
covered` until it is added here with the way to name another learner's object."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mooc import create_app
from mooc.accounts import services as accounts
from mooc.accounts.models import ApiToken
from mooc.certificates import services as certificates
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt
from tests.cohorts.helpers import RIGHT, make_cohort, progress
from tests.factories import UserFactory

OBJECT_ARGUMENTS = {"token_id", "number", "cohort_id"}
# Routes with a certificate code: only the PDF download is private (verification is public, and
# revocation is for admins, tested in tests/certificates).
PRIVATE_CODES = {"certificates.download"}
PUBLIC = {
    "certificates.verify",
    "api.verify_api",
    "certificates.revoke",
    "cohorts.join",
    "api.join",
}


def object_routes() -> list[tuple[str, str, str]]:
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})
    found = []
    for rule in app.url_map.iter_rules():
        names = set(rule.arguments)
        if not (names & OBJECT_ARGUMENTS or ("code" in names and rule.endpoint not in PUBLIC)):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, rule.rule, method))
    return found


ROUTES = object_routes()


def test_every_object_route_is_covered():
    endpoints = {endpoint for endpoint, _rule, _method in ROUTES}
    assert {"accounts.revoke_token", "api.attempt", "quizzes.attempt"} <= endpoints
    with_codes = {endpoint for endpoint, rule, _method in ROUTES if "<code>" in rule}
    assert with_codes <= PRIVATE_CODES, "a new route names objects by code: cover it here"


@pytest.fixture
def owner(app, synced):
    """Another learner's objects: an API token, a quiz attempt, a certificate, a cohort."""
    ana = UserFactory(display_name="Ana Owner")
    cohort, _trainer = make_cohort()
    from mooc.cohorts.services import join

    join(ana, cohort.join_code)
    progress(ana, ["intro"], [RIGHT])
    progress(ana, ["housing"])
    token, _plain = accounts.create_token(ana, "ana's script")
    with app.test_request_context():
        certificate = certificates.issue(ana, "demo", "en")
    return {
        "token_id": token.id,
        "number": 1,
        "code": certificate.code,
        "cohort_id": cohort.id,
        "slug": "demo",
        "item": "check",
        "fmt": "csv",
    }


def snapshot() -> tuple:
    return (
        db.session.scalar(
            select(func.count()).select_from(ApiToken).where(ApiToken.revoked_at.is_(None))
        ),
        db.session.scalar(select(func.count()).select_from(QuizAttempt)),
    )


@pytest.mark.parametrize(("endpoint", "rule", "method"), ROUTES)
def test_another_learner_gets_404(client, auth, owner, endpoint, rule, method):
    auth.login(UserFactory(display_name="Bea Intruder"))
    client.post("/courses/demo/enrol")
    url = rule
    for name, value in owner.items():
        url = url.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
    before = snapshot()
    if url.startswith("/api/"):
        response = client.open(url, method=method, json={})
    else:
        response = client.open(url, method=method, data={})
    assert response.status_code in (403, 404), (url, response.status_code)
    body = response.get_data()
    assert b"Ana Owner" not in body and b"%PDF" not in body[:10]
    assert snapshot() == before
