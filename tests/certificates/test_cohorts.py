"""Certificates for a cohort: bulk issue to its members, its trainers' ZIP and downloads."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from sqlalchemy import select

from mooc.certificates import queries
from mooc.certificates.models import Certificate
from mooc.courses.models import Course, LearningPath
from mooc.extensions import db
from tests.certificates.helpers import complete, make_cohort, pdf_tool, set_name, sign_in
from tests.factories import UserFactory


def finish_demo(client, user) -> None:
    """`user` enrols in the demo course and completes it."""
    sign_in(client, user)
    client.post("/courses/demo/enrol")
    complete(client)


@pytest.fixture
def cohorts(client, synced):
    """Three learners who completed the demo course; two of them in a cohort on it, with its
    trainer; another cohort on it with another trainer and no one of them."""
    learners = [UserFactory() for _ in range(3)]
    for user in learners:
        finish_demo(client, user)
    client.post("/logout")
    course_id = db.session.scalar(select(Course.id).where(Course.slug == "demo"))
    trainer, other_trainer = UserFactory(role="trainer"), UserFactory(role="trainer")
    ours = make_cohort(course_id=course_id, trainers=[trainer], members=learners[:2])
    theirs = make_cohort(course_id=course_id, trainers=[other_trainer])
    return {
        "members": learners[:2],
        "outsider": learners[2],
        "trainer": trainer,
        "other_trainer": other_trainer,
        "cohort": ours,
        "other_cohort": theirs,
    }


def issue_all(runner, *args: str) -> str:
    result = runner.invoke(args=["certificates", "issue", "--workers", "1", *args])
    assert result.exit_code == 0, result.output
    return result.output


def valid_of(user) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(Certificate.user_id == user.id, Certificate.status == "valid")
    )


def test_bulk_issue_for_a_cohort_gives_certificates_to_its_members_only(runner, cohorts):
    output = issue_all(runner, "--course", "demo", "--cohort", str(cohorts["cohort"].id))
    assert "2 of 2 learners have a certificate." in output
    holders = set(db.session.scalars(select(Certificate.user_id)))
    assert holders == {user.id for user in cohorts["members"]}
    empty = issue_all(runner, "--course", "demo", "--cohort", str(cohorts["other_cohort"].id))
    assert "0 of 0 learners have a certificate." in empty
    unknown = runner.invoke(args=["certificates", "issue", "--course", "demo", "--cohort", "999"])
    assert unknown.exit_code == 1 and "No cohort has this id." in unknown.output
    assert db.session.query(Certificate).count() == 2


def zip_of(client, cohort_id: int):
    """Ask for the ZIP (a job, run at once by the test queue) and fetch its result."""
    started = client.post(f"/cohorts/{cohort_id}/certificates.zip")
    if started.status_code != 302 or "/jobs/" not in started.headers["Location"]:
        return started
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "Download" in page
    return client.get(started.headers["Location"] + "/result")


def test_the_zip_holds_the_valid_certificates_of_the_cohort_members(
    client, runner, cohorts, tmp_path
):
    issue_all(runner, "--course", "demo")  # the outsider gets one too
    first = cohorts["members"][0]
    set_name(first, "Kim Min-ji")
    issue_all(runner, "--course", "demo")  # supersedes the first member's certificate
    expected = {
        f"certificate-{valid_of(user).code}.pdf": valid_of(user) for user in cohorts["members"]
    }
    sign_in(client, cohorts["trainer"])
    response = zip_of(client, cohorts["cohort"].id)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    response.close()
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == sorted(expected)
    for name, certificate in expected.items():
        data = archive.read(name)
        with open(queries.file_path(certificate), "rb") as handle:
            assert data == handle.read()
        assert hashlib.sha256(data).hexdigest() == certificate.sha256
        pdf_tool("qpdf", data, tmp_path, "--check")


def test_the_zip_is_404_for_learners_other_trainers_and_unknown_cohorts(client, runner, cohorts):
    issue_all(runner, "--course", "demo")
    cohort_id = cohorts["cohort"].id
    sign_in(client, cohorts["members"][0])
    assert zip_of(client, cohort_id).status_code == 404
    sign_in(client, cohorts["other_trainer"])
    assert zip_of(client, cohort_id).status_code == 404
    sign_in(client, cohorts["trainer"])
    assert zip_of(client, 999_999).status_code == 404
    client.post("/logout")
    assert zip_of(client, cohort_id).status_code == 302  # to the sign-in page
    sign_in(client, UserFactory(role="admin"))
    response = zip_of(client, cohort_id)
    assert response.status_code == 200
    assert len(zipfile.ZipFile(io.BytesIO(response.get_data())).namelist()) == 2
    response.close()


def test_a_trainer_downloads_a_member_certificate_and_no_other(client, runner, cohorts):
    issue_all(runner, "--course", "demo")
    member, outsider = valid_of(cohorts["members"][0]), valid_of(cohorts["outsider"])

    def status(code: str) -> int:
        response = client.get(f"/certificates/{code}.pdf")
        response.close()
        return response.status_code

    sign_in(client, cohorts["trainer"])
    assert status(member.code) == 200
    assert status(outsider.code) == 404
    sign_in(client, cohorts["other_trainer"])
    assert status(member.code) == 404
    sign_in(client, cohorts["members"][1])
    assert status(member.code) == 404
    sign_in(client, cohorts["outsider"])
    assert (status(outsider.code), status(member.code)) == (200, 404)
    sign_in(client, UserFactory(role="admin"))
    assert status(member.code) == 200


def test_a_path_cohort_gets_path_certificates_only(client, runner, cohorts):
    member = cohorts["members"][0]
    sign_in(client, member)
    client.post("/paths/practitioner/enrol")  # its only course, demo, is complete
    assert client.post("/paths/practitioner/certificate").status_code == 302
    issue_all(runner, "--course", "demo")
    path_id = db.session.scalar(select(LearningPath.id))
    trainer = UserFactory(role="trainer")
    cohort = make_cohort(path_id=path_id, trainers=[trainer], members=[member])
    path_certificate = db.session.scalar(select(Certificate).where(Certificate.path_id == path_id))
    course_certificate = db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == member.id, Certificate.course_id.is_not(None)
        )
    )
    sign_in(client, trainer)
    response = zip_of(client, cohort.id)
    names = zipfile.ZipFile(io.BytesIO(response.get_data())).namelist()
    response.close()
    assert names == [f"certificate-{path_certificate.code}.pdf"]
    assert client.get(f"/certificates/{course_certificate.code}.pdf").status_code == 404
    download = client.get(f"/certificates/{path_certificate.code}.pdf")
    assert download.status_code == 200
    download.close()
