"""A learning path's events: enrolment in the path, and the path's certificate earned."""

from __future__ import annotations

from sqlalchemy import select

from mooc.extensions import db
from mooc.xapi.models import Statement
from tests.certificates.helpers import sign_in
from tests.certificates.test_paths import PATH, finish_path, issue_path, two_courses  # noqa: F401
from tests.factories import UserFactory


def test_a_path_and_its_certificate(app, client, two_courses, fake_lrs):  # noqa: F811
    learner = UserFactory(language="es")
    sign_in(client, learner)
    finish_path(client)
    certificate, _data = issue_path(client)
    rows = list(db.session.scalars(select(Statement).order_by(Statement.id)))
    by_object = {(row.verb, row.statement["object"]["id"]) for row in rows}
    assert ("registered", "http://localhost/xapi/path/practitioner") in by_object
    earned = [row.statement for row in rows if row.verb == "earned"]
    assert earned[-1]["object"]["id"] == f"http://localhost/xapi/certificate/{certificate.code}"
    parent = earned[-1]["context"]["contextActivities"]["parent"][0]
    assert parent["id"] == "http://localhost/xapi/path/practitioner"
    assert all(row.statement["context"]["language"] == "es" for row in rows)
    # The path's certificate has its Open Badges credential too (issue 19, item 2).
    document = client.get(f"/credentials/{certificate.code}.json").get_json()
    assert "OpenBadgeCredential" in document["type"]
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "LearningProgram"
    assert achievement["id"] == "http://localhost/paths/practitioner"
