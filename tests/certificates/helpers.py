"""Shared steps of the certificate tests: complete the demo course, inspect a PDF, make cohorts."""

from __future__ import annotations

import subprocess

from mooc.accounts.models import User
from mooc.cohorts.models import Cohort, CohortMember, CohortTrainer
from mooc.extensions import db
from tests.factories import PASSWORD, CityFactory

RIGHT = {"q-adopted-by": "1", "q-charters": ["0", "1"], "q-forum-city": "Gwangju"}


def complete(client) -> None:
    """Complete the demo course as the signed-in, enrolled learner."""
    client.post("/courses/demo/lessons/intro/done")
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    client.post("/courses/demo/lessons/housing/done")


def pdf_tool(tool: str, data: bytes, tmp_path, *args: str) -> str:
    """Run pdftotext, pdffonts or qpdf on a PDF; it must succeed."""
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def set_name(learner, name: str) -> None:
    """Change the name printed on the learner's certificates."""
    user = db.session.get(User, learner.id)
    user.certificate_name = name
    db.session.commit()


def sign_in(client, user) -> None:
    """Sign out whoever is signed in, and sign in as `user`."""
    client.post("/logout")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def make_cohort(
    *,
    course_id: int | None = None,
    path_id: int | None = None,
    trainers=(),
    members=(),
) -> Cohort:
    """A cohort of a new member city, with its trainers and members."""
    city = CityFactory()
    cohort = Cohort(
        name=f"Cohort of {city.name}",
        city_id=city.id,
        course_id=course_id,
        path_id=path_id,
        join_code=f"join-{city.name}",
    )
    db.session.add(cohort)
    db.session.flush()
    db.session.add_all(CohortTrainer(cohort_id=cohort.id, user_id=u.id) for u in trainers)
    db.session.add_all(CohortMember(cohort_id=cohort.id, user_id=u.id) for u in members)
    db.session.commit()
    return cohort
