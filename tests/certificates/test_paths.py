"""Path certificates: every course of the path completed, then the same rules as for a course."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mooc.certificates.models import Certificate
from mooc.courses.models import Course, LearningPath
from mooc.extensions import db
from tests.certificates.helpers import complete, pdf_tool, set_name, sign_in
from tests.factories import UserFactory

PATH = "/paths/practitioner"


@pytest.fixture
def two_courses(tree, runner):
    """The practitioner path made of the demo course (2 hours) and a second one (3 hours)."""
    tree.baseline()
    tree.write("courses/02-second/course.md", "---\ntitle: Second\nsummary: S\nhours: 3\n---\n")
    tree.write("courses/02-second/01-m/module.md", "---\ntitle: M\n---\n")
    tree.write("courses/02-second/01-m/01-only.md", "---\ntitle: Only\n---\n\nText.\n")
    tree.replace("paths/practitioner.md", "[demo]", "[demo, second]")
    result = runner.invoke(args=["content", "sync", str(tree.root)])
    assert result.exit_code == 0, result.output
    return tree


def finish_path(client) -> None:
    """Follow the path and complete both of its courses, as the signed-in learner."""
    client.post(f"{PATH}/enrol")
    complete(client)
    client.post(f"{PATH}/courses/second/enrol")
    client.post("/courses/second/lessons/only/done")


def issue_path(client) -> tuple[Certificate, bytes]:
    response = client.post(f"{PATH}/certificate")
    assert response.status_code == 302 and "/certificates/" in response.location
    download = client.get(response.location)
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    data = download.get_data()
    download.close()
    db.session.expire_all()
    path_id = db.session.scalar(select(LearningPath.id))
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.path_id == path_id, Certificate.status == "valid")
    )
    return certificate, data


def certificate_section(client) -> str:
    page = client.get(PATH).get_data(as_text=True)
    start = page.index('id="certificate-heading"')
    return page[start : page.index("</section>", start)]


def test_path_page_says_which_courses_are_missing_until_eligible(client, learner, two_courses):
    assert 'id="certificate-heading"' not in client.get(PATH).get_data(as_text=True)
    client.post(f"{PATH}/enrol")
    section = certificate_section(client)
    assert "complete the course “Demo course”" in section
    assert "complete the course “Second”" in section
    complete(client)
    section = certificate_section(client)
    assert "Demo course" not in section and "complete the course “Second”" in section
    response = client.post(f"{PATH}/certificate")
    assert response.location == PATH
    assert db.session.scalar(select(Certificate).where(Certificate.path_id.is_not(None))) is None
    client.post(f"{PATH}/courses/second/enrol")
    client.post("/courses/second/lessons/only/done")
    assert "its certificate is yours" in certificate_section(client)


def test_path_certificate_prints_the_path_its_courses_and_total_hours(
    client, learner, two_courses, tmp_path
):
    finish_path(client)
    certificate, data = issue_path(client)
    assert certificate.course_id is None and certificate.course_title == "Practitioner"
    assert certificate.hours == 5
    assert certificate.sha256 == hashlib.sha256(data).hexdigest()
    pdf_tool("qpdf", data, tmp_path, "--check")
    text = pdf_tool("pdftotext", data, tmp_path, "-enc", "UTF-8")
    for expected in ("learning path", "Practitioner", "Demo course", "Second", "5 hours"):
        assert expected in text
    assert certificate.code in text.replace("\n", "")
    assert learner.certificate_name in text


def test_not_following_the_path_gives_no_certificate(client, learner, two_courses):
    client.post("/courses/demo/enrol")
    complete(client)
    client.post("/courses/second/enrol")
    client.post("/courses/second/lessons/only/done")
    assert client.post(f"{PATH}/certificate").location == PATH
    assert client.post("/paths/nope/certificate").status_code == 404
    assert db.session.scalar(select(Certificate).where(Certificate.path_id.is_not(None))) is None


def test_path_certificate_is_idempotent_and_a_new_name_supersedes(client, learner, two_courses):
    finish_path(client)
    first, _data = issue_path(client)
    again, _data = issue_path(client)
    assert again.code == first.code
    set_name(learner, "Ana María Pérez")
    newer, _data = issue_path(client)
    assert newer.code != first.code and newer.name == "Ana María Pérez"
    db.session.refresh(first)
    assert first.status == "superseded" and first.superseded_at is not None
    valid = db.session.scalars(select(Certificate).where(Certificate.status == "valid")).all()
    assert [c.code for c in valid] == [newer.code]


def test_path_certificate_is_verified_and_revoked_like_a_course_one(
    client, learner, two_courses, runner
):
    finish_path(client)
    certificate, _data = issue_path(client)
    client.post("/logout")
    page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "This certificate is valid." in page and "Learning path" in page
    assert "Practitioner" in page and certificate.sha256 in page
    api = client.get(f"/api/v1/certificates/{certificate.code}").get_json()
    assert (api["status"], api["kind"], api["course"]) == ("valid", "path", "Practitioner")
    result = runner.invoke(args=["certificates", "revoke", certificate.code, "--reason", "error"])
    assert result.exit_code == 0, result.output
    page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "This certificate was revoked on" in page
    assert client.get(f"/api/v1/certificates/{certificate.code}").get_json()["status"] == "revoked"


def test_only_the_holder_downloads_a_path_certificate(client, learner, two_courses):
    finish_path(client)
    certificate, _data = issue_path(client)
    sign_in(client, UserFactory())
    assert client.get(f"/certificates/{certificate.code}.pdf").status_code == 404


def test_path_certificate_through_the_api(client, learner, two_courses):
    response = client.post("/api/v1/paths/practitioner/certificate")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "not_eligible"
    assert client.post("/api/v1/paths/nope/certificate").status_code == 404
    finish_path(client)
    response = client.post("/api/v1/paths/practitioner/certificate")
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "valid" and body["verify_url"].endswith(f"/verify/{body['code']}")
    download = client.get(body["pdf_url"])
    assert hashlib.sha256(download.get_data()).hexdigest() == body["sha256"]
    download.close()
    again = client.post("/api/v1/paths/practitioner/certificate").get_json()
    assert again["code"] == body["code"]


def test_bulk_issue_for_a_path(client, learner, two_courses, runner):
    finish_path(client)
    sign_in(client, UserFactory())
    client.post(f"{PATH}/enrol")  # follows the path, completes nothing
    result = runner.invoke(
        args=["certificates", "issue", "--path", "practitioner", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "1 of 2 learners have a certificate." in result.output
    certificate = db.session.scalar(select(Certificate))
    assert (certificate.user_id, certificate.course_title) == (learner.id, "Practitioner")
    unknown = runner.invoke(args=["certificates", "issue", "--path", "nope"])
    assert unknown.exit_code == 1 and "No path has this id." in unknown.output
    both = runner.invoke(
        args=["certificates", "issue", "--path", "practitioner", "--course", "demo"]
    )
    assert both.exit_code == 1 and "Give either --course or --path." in both.output
    neither = runner.invoke(args=["certificates", "issue"])
    assert neither.exit_code == 1


def row(user_id: int, code: str, **subject) -> Certificate:
    return Certificate(
        code=code,
        user_id=user_id,
        name="N",
        course_title="T",
        locale="en",
        sha256="0" * 64,
        template_version="v1",
        **subject,
    )


@pytest.mark.parametrize(
    "subject",
    [
        pytest.param(lambda course, path: {"course_id": course, "path_id": path}, id="both"),
        pytest.param(lambda course, path: {}, id="neither"),
    ],
)
def test_the_database_wants_a_course_or_a_path(app, two_courses, subject):
    user = UserFactory()
    course_id = db.session.scalar(select(Course.id).where(Course.slug == "demo"))
    path_id = db.session.scalar(select(LearningPath.id))
    db.session.add(row(user.id, "A" * 26, **subject(course_id, path_id)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_database_keeps_one_valid_certificate_per_learner_and_path(app, two_courses):
    user = UserFactory()
    path_id = db.session.scalar(select(LearningPath.id))
    db.session.add(row(user.id, "A" * 26, path_id=path_id, status="superseded"))
    db.session.add(row(user.id, "B" * 26, path_id=path_id))
    db.session.flush()
    db.session.add(row(user.id, "C" * 26, path_id=path_id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
