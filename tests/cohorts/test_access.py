"""No trainer ever sees a learner of a cohort that is not theirs: every route that names a cohort
(pages, exports, API), found by walking the URL map, so that a new route cannot escape."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mooc.cohorts.models import CohortInvitation, CohortMember, CohortTrainer
from mooc.extensions import db
from tests.cohorts.helpers import add_learner, make_cohort
from tests.factories import CityFactory, UserFactory
from tests.routes import rules, url

ROUTES = [
    pytest.param(rule, method, id=f"{method} {rule.rule}")
    for rule in rules({"GET", "POST", "PUT", "PATCH", "DELETE"})
    if "cohort_id" in rule.arguments
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
]
ADMIN_ROUTES = [
    ("/admin/reports", "GET"),
    ("/admin/reports.csv", "GET"),
    ("/api/v1/reports", "GET"),
]


def call(client, method: str, url: str):
    if url.startswith("/api/"):
        return client.open(url, method=method, json={"emails": ["a@example.org"], "name": "x"})
    return client.open(url, method=method, data={"emails": "a@example.org", "name": "x"})


@pytest.fixture
def two_cities(synced):
    """Cohort A (Montevideo) and cohort B (Gwangju), each with its trainer and a learner."""
    a, trainer_a = make_cohort(name="A")
    gwangju = CityFactory(name="Gwangju", country="KR", region="asia-pacific")
    b, trainer_b = make_cohort(city=gwangju, name="B")
    learner_a = add_learner(a, display_name="Learner of A")
    add_learner(a, display_name="Classmate of A")
    add_learner(b, display_name="Learner of B")
    return {"a": a, "b": b, "trainer_a": trainer_a, "trainer_b": trainer_b, "learner": learner_a}


def counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (CohortMember, CohortTrainer, CohortInvitation)
    )


def test_the_walk_finds_pages_exports_and_api_routes():
    found = {p.values[0].rule for p in ROUTES}
    assert "/cohorts/<int:cohort_id>" in found
    assert "/cohorts/<int:cohort_id>/report.<fmt>" in found
    assert "/api/v1/cohorts/<int:cohort_id>/learners" in found
    assert len(ROUTES) >= 12


@pytest.mark.parametrize(("rule", "method"), ROUTES)
def test_a_trainer_of_another_city_gets_404(client, auth, two_cities, rule, method):
    auth.login(two_cities["trainer_a"])
    before = counts()
    response = call(client, method, url(rule, None, cohort_id=two_cities["b"].id))
    assert response.status_code == 404, response.get_data(as_text=True)[:300]
    assert "Learner of B" not in response.get_data(as_text=True)
    assert counts() == before


@pytest.mark.parametrize(("rule", "method"), ROUTES)
def test_a_learner_gets_403_or_404(client, auth, two_cities, rule, method):
    auth.login(two_cities["learner"])
    before = counts()
    response = call(client, method, url(rule, None, cohort_id=two_cities["a"].id))
    assert response.status_code in (403, 404)
    assert "Classmate of A" not in response.get_data(as_text=True)
    assert counts() == before


@pytest.mark.parametrize(("rule", "method"), ROUTES)
def test_signed_out_visitors_are_sent_to_sign_in(client, two_cities, rule, method):
    response = call(client, method, url(rule, None, cohort_id=two_cities["a"].id))
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert response.location.startswith("/login")


# A submission's page needs a real submission of the cohort: tests/assignments/test_access.py.
OWN_PAGES = [
    p for p in ROUTES if p.values[1] == "GET" and "submission_id" not in p.values[0].arguments
]


@pytest.mark.parametrize(("rule", "method"), OWN_PAGES)
def test_the_cohorts_own_trainer_and_admins_see_it(client, auth, two_cities, rule, method):
    for user in (two_cities["trainer_a"], UserFactory(role="admin")):
        auth.login(user)
        response = client.get(url(rule, None, cohort_id=two_cities["a"].id))
        assert response.status_code == 200, (rule.rule, user.role)
        response.close()
        auth.logout()


@pytest.mark.parametrize(("rule", "method"), ADMIN_ROUTES)
def test_reports_across_cohorts_are_for_admins_only(client, auth, two_cities, rule, method):
    auth.login(two_cities["trainer_a"])
    assert (
        client.get(rule + "?scope=region&value=asia-pacific&region=asia-pacific").status_code == 403
    )


def test_the_trainer_list_shows_only_their_cohorts(client, auth, two_cities):
    auth.login(two_cities["trainer_a"])
    page = client.get("/cohorts").get_data(as_text=True)
    assert ">A</a>" in page and ">B</a>" not in page
    listed = client.get("/api/v1/cohorts").get_json()
    assert [c["name"] for c in listed] == ["A"]
