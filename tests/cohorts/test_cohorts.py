"""Cohorts through the pages: create, join link, add learners by email or CSV, invitations."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from mooc.cohorts.models import Cohort, CohortInvitation, CohortMember, CohortTrainer
from mooc.courses.models import Enrolment, PathEnrolment
from mooc.extensions import db
from tests.cohorts.helpers import add_learner, attach, make_cohort
from tests.factories import CityFactory, UserFactory


def count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return db.session.scalar(query)


def test_a_trainer_creates_a_cohort_and_runs_it(client, auth, synced):
    trainer = UserFactory(role="trainer")
    city = CityFactory(name="Montevideo", country="UY", region="latin-america")
    attach(trainer, city)
    auth.login(trainer)
    page = client.get("/cohorts/new")
    assert page.status_code == 200
    assert "Montevideo" in page.get_data(as_text=True)
    response = client.post(
        "/cohorts/new",
        data={
            "name": "Montevideo officials, spring",
            "city_id": city.id,
            "target": "course:demo",
            "starts_on": "2027-03-01",
            "ends_on": "2027-06-30",
        },
    )
    assert response.status_code == 302
    cohort = db.session.scalar(select(Cohort))
    assert response.location == f"/cohorts/{cohort.id}"
    assert cohort.city_id == city.id and cohort.course_id is not None and cohort.path_id is None
    assert str(cohort.ends_on) == "2027-06-30"
    assert count(CohortTrainer, cohort_id=cohort.id, user_id=trainer.id) == 1
    assert len(cohort.join_code) >= 20
    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Montevideo officials, spring" in dashboard
    assert f"/join/{cohort.join_code}" in dashboard
    listing = client.get("/cohorts").get_data(as_text=True)
    assert "Montevideo officials, spring" in listing


def test_bad_cohort_forms_say_what_is_wrong_and_create_nothing(client, auth, synced):
    city = CityFactory()
    auth.login(UserFactory(role="trainer"))
    cases = [
        ({"name": "A", "target": "course:demo"}, "This field is required."),
        ({"name": "A", "city_id": city.id, "target": "course:nope"}, "Choose a course or a"),
        ({"name": "A", "city_id": 9999, "target": "course:demo"}, "Choose a city from the list."),
        (
            {
                "name": "A",
                "city_id": city.id,
                "target": "course:demo",
                "starts_on": "2027-05-01",
                "ends_on": "2027-04-01",
            },
            "The end date comes before the start date.",
        ),
        ({"name": "A", "city_id": city.id, "target": "course:demo", "starts_on": "soon"}, "YYYY"),
    ]
    for data, message in cases:
        response = client.post("/cohorts/new", data=data)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), data
    assert count(Cohort) == 0


def test_cohort_forms_in_french(client, auth, synced):
    auth.login(UserFactory(role="trainer", language="fr"))
    response = client.post("/cohorts/new?lang=fr", data={"name": "A", "target": "course:demo"})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.get_data(as_text=True)


def test_learners_and_authors_cannot_create_cohorts(client, auth, synced):
    auth.login(UserFactory(role="author"))
    assert client.get("/cohorts/new").status_code == 403
    assert client.post("/cohorts/new", data={"name": "x"}).status_code == 403


def test_the_join_link_enrols_the_learner_and_can_be_replaced(client, auth, synced):
    cohort, trainer = make_cohort()
    learner = UserFactory()
    auth.login(learner)
    page = client.get(f"/join/{cohort.join_code}")
    assert page.status_code == 200
    assert "Montevideo" in page.get_data(as_text=True)
    response = client.post(f"/join/{cohort.join_code}")
    assert response.status_code == 302 and response.location == "/courses/demo/"
    assert count(CohortMember, cohort_id=cohort.id, user_id=learner.id) == 1
    assert count(Enrolment, user_id=learner.id, course_id=cohort.course_id) == 1
    client.post(f"/join/{cohort.join_code}")  # twice: still one membership
    assert count(CohortMember, cohort_id=cohort.id) == 1
    assert client.get("/join/not-a-code").status_code == 404
    old = cohort.join_code
    auth.logout()
    auth.login(trainer)
    assert client.post(f"/cohorts/{cohort.id}/join-code").status_code == 302
    assert cohort.join_code != old
    assert client.get(f"/join/{old}").status_code == 404
    assert client.get(f"/join/{cohort.join_code}").status_code == 200


def test_joining_a_path_cohort_enrols_in_the_path(client, auth, synced):
    cohort, _trainer = make_cohort(target="path:practitioner")
    learner = UserFactory()
    auth.login(learner)
    response = client.post(f"/join/{cohort.join_code}")
    assert response.location == "/paths/practitioner"
    assert count(PathEnrolment, user_id=learner.id) == 1
    assert count(Enrolment, user_id=learner.id) == 1  # and the path's first course


def test_a_learner_may_belong_to_several_cohorts(synced):
    first, trainer = make_cohort()
    second, _ = make_cohort(trainer=trainer, city=first.city, name="Second")
    learner = add_learner(first)
    from mooc.cohorts import services

    services.join(learner, second.join_code)
    assert count(CohortMember, user_id=learner.id) == 2


def test_trainers_invite_learners_by_email_with_or_without_an_account(app, client, auth, synced):
    cohort, trainer = make_cohort()
    known = UserFactory(email="ana@example.org")
    auth.login(trainer)
    response = client.post(
        f"/cohorts/{cohort.id}/learners",
        data={"emails": "ANA@example.org\nnew.person@example.org, other@example.org"},
    )
    assert response.status_code == 302
    assert count(CohortMember, cohort_id=cohort.id) == 0  # nobody joins before accepting
    invited = set(db.session.scalars(select(CohortInvitation.email)))
    assert invited == {"ana@example.org", "new.person@example.org", "other@example.org"}
    page = client.get(f"/cohorts/{cohort.id}/learners").get_data(as_text=True)
    assert "3 invited, 0 already invited or in the cohort." in page
    assert "3 invitations waiting" in page
    assert {m["To"] for m in app.extensions["mooc_outbox"]} == invited
    again = client.post(f"/cohorts/{cohort.id}/learners", data={"emails": "ana@example.org"})
    assert again.status_code == 302
    page = client.get(f"/cohorts/{cohort.id}/learners").get_data(as_text=True)
    assert "0 invited, 1 already invited or in the cohort." in page
    # She accepts from her invitations page: a member, enrolled.
    auth.login(known)
    page = client.get("/invitations").get_data(as_text=True)
    token = re.search(r'action="/invitations/([^/"]+)/accept"', page).group(1)
    client.post(f"/invitations/{token}/accept")
    assert count(CohortMember, cohort_id=cohort.id, how="invitation") == 1
    assert count(Enrolment, user_id=known.id, course_id=cohort.course_id) == 1


def test_a_bad_email_line_adds_nobody_and_names_the_line(client, auth, synced):
    cohort, trainer = make_cohort()
    UserFactory(email="ana@example.org")
    auth.login(trainer)
    typed = "ana@example.org\nnot-an-email"
    response = client.post(f"/cohorts/{cohort.id}/learners", data={"emails": typed})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    errors = page[page.index('id="emails-error"') :]
    assert "Line 2: &#39;not-an-email&#39; is not an email address." in errors
    assert "Nobody was added" in errors
    assert ">ana@example.org\nnot-an-email</textarea>" in page  # the list is kept
    assert 'aria-invalid="true"' in page and 'aria-describedby="emails-error' in page
    assert count(CohortMember) == 0 and count(CohortInvitation) == 0


def test_an_outlook_address_list_is_accepted(app, client, auth, synced):
    cohort, trainer = make_cohort()
    auth.login(trainer)
    pasted = (
        "Ana Gómez <ana@example.org>; Bob Li <bob@example.org>; "
        '"Li, Carl" <Carl@Example.org>,\tdora@example.org'
    )
    response = client.post(f"/cohorts/{cohort.id}/learners", data={"emails": pasted})
    assert response.status_code == 302
    invited = set(db.session.scalars(select(CohortInvitation.email)))
    assert invited == {"ana@example.org", "bob@example.org", "carl@example.org", "dora@example.org"}
    bad = client.post(
        f"/cohorts/{cohort.id}/learners",
        data={"emails": "Eva Ruiz <eva@example.org>; Fred Roe <fred@…>"},
    )
    assert bad.status_code == 400
    assert "Line 1: &#39;fred@…&#39; is not an email address." in bad.get_data(as_text=True)
    assert count(CohortInvitation) == 4


def test_trainers_import_learners_from_a_csv_file(client, auth, synced):
    cohort, trainer = make_cohort()
    UserFactory(email="ana@example.org")
    auth.login(trainer)
    data = b"Nom;Courriel\nAna;ana@example.org\nBea;bea@example.org\n"
    response = client.post(
        f"/cohorts/{cohort.id}/learners",
        data={"file": (io.BytesIO(data), "learners.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert count(CohortMember, cohort_id=cohort.id) == 0
    assert count(CohortInvitation, cohort_id=cohort.id, email="ana@example.org") == 1
    assert count(CohortInvitation, cohort_id=cohort.id, email="bea@example.org") == 1
    bad = b"email\nana@example.org\nbea at example.org\n"
    response = client.post(
        f"/cohorts/{cohort.id}/learners",
        data={"file": (io.BytesIO(bad), "learners.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="file-error"' in page
    assert "Line 3: &#39;bea at example.org&#39; is not an email address." in page
    latin1 = "email\njosé@example.org\n".encode("latin-1")
    response = client.post(
        f"/cohorts/{cohort.id}/learners",
        data={"file": (io.BytesIO(latin1), "learners.csv")},
        content_type="multipart/form-data",
    )
    assert "save it as &#39;CSV UTF-8&#39;" in response.get_data(as_text=True)
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    huge = b"email\n" + b"someone@example.org\n" * 120_000
    # Encoded here, in memory: the client would spool a body this large to an unclosed file.
    boundary, body = encode_multipart(
        {"file": FileStorage(io.BytesIO(huge), filename="learners.csv")}
    )
    response = client.post(
        f"/cohorts/{cohort.id}/learners",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400, response.status_code
    assert "larger than 2 MB" in response.get_data(as_text=True)


def test_trainers_add_another_trainer(client, auth, synced):
    cohort, trainer = make_cohort()
    colleague = UserFactory(role="trainer", email="colleague@example.org")
    attach(colleague, cohort.city)
    UserFactory(email="learner@example.org")
    auth.login(trainer)
    client.post(f"/cohorts/{cohort.id}/trainers", data={"email": "learner@example.org"})
    assert count(CohortTrainer, cohort_id=cohort.id) == 1
    client.post(f"/cohorts/{cohort.id}/trainers", data={"email": "Colleague@example.org"})
    assert count(CohortTrainer, cohort_id=cohort.id, user_id=colleague.id) == 1
    auth.logout()
    auth.login(colleague)
    assert client.get(f"/cohorts/{cohort.id}").status_code == 200


def test_editing_a_cohort(client, auth, synced):
    cohort, trainer = make_cohort()
    other_city = CityFactory(name="Canelones", country="UY", region="latin-america")
    attach(trainer, other_city)
    auth.login(trainer)
    assert client.get(f"/cohorts/{cohort.id}/edit").status_code == 200
    response = client.post(
        f"/cohorts/{cohort.id}/edit", data={"name": "Renamed", "city_id": other_city.id}
    )
    assert response.status_code == 302
    assert cohort.name == "Renamed" and cohort.city_id == other_city.id
    bad = client.post(f"/cohorts/{cohort.id}/edit", data={"name": "", "city_id": other_city.id})
    assert bad.status_code == 400
    assert cohort.name == "Renamed"
