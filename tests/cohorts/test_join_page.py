"""Joining a cohort works for newcomers: the join page says what it is, and both "create an
account" and "sign in" come back and join."""

from __future__ import annotations

from mooc.cohorts.models import CohortMember
from mooc.extensions import db
from tests.cohorts.helpers import make_cohort
from tests.factories import PASSWORD, UserFactory


def test_the_join_page_names_cohort_course_city_and_trainer_signed_out(client, synced):
    cohort, trainer = make_cohort()
    page = client.get(f"/join/{cohort.join_code}").get_data(as_text=True)
    for text in ("Montevideo officials", "Demo course", "Montevideo", trainer.display_name):
        assert text in page
    assert "Create an account and join" in page and "Sign in and join" in page


def test_a_newcomer_creates_an_account_and_is_in_the_cohort(client, synced):
    cohort, _trainer = make_cohort()
    response = client.post(f"/join/{cohort.join_code}/start", data={"then": "register"})
    assert response.location == f"/register?next=/join/{cohort.join_code}"
    response = client.post(
        response.location,
        data={
            "email": "new@example.org",
            "password": "a long password",
            "display_name": "Nour",
            "certificate_name": "Nour",
            "language": "en",
        },
    )
    assert response.location == f"/join/{cohort.join_code}"
    response = client.get(response.location)
    assert response.status_code == 302 and "/courses/demo" in response.location
    assert db.session.query(CohortMember).count() == 1


def test_a_learner_with_an_account_signs_in_and_joins(client, synced):
    cohort, _trainer = make_cohort()
    user = UserFactory()
    response = client.post(f"/join/{cohort.join_code}/start", data={"then": "login"})
    assert response.location.startswith("/login?next=")
    page = client.get(response.location).get_data(as_text=True)
    assert f"/register?next=/join/{cohort.join_code}" in page  # the return address is kept
    response = client.post(response.location, data={"email": user.email, "password": PASSWORD})
    client.get(response.location)
    assert db.session.query(CohortMember).filter_by(user_id=user.id).count() == 1


def test_visiting_a_join_link_signed_in_never_joins_without_a_click(client, learner, synced):
    cohort, _trainer = make_cohort()
    assert client.get(f"/join/{cohort.join_code}").status_code == 200
    assert db.session.query(CohortMember).count() == 0
