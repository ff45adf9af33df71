"""A trainer reaches only the learners who consented, in the cities an admin gave her: she
creates cohorts for those cities only, adding an existing account invites it, and no answer
tells whether an account exists."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mooc.accounts.models import TrainerCity
from mooc.cohorts.models import Cohort, CohortMember
from mooc.extensions import db
from tests.cohorts.helpers import attach, make_cohort
from tests.factories import PASSWORD, CityFactory, UserFactory


def bearer(client, user) -> dict:
    plain = client.post(
        "/api/v1/tokens", json={"email": user.email, "password": PASSWORD, "name": "t"}
    ).get_json()["token"]
    return {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def cities():
    return (
        CityFactory(name="Montevideo", country="UY", region="latin-america"),
        CityFactory(name="Gwangju", country="KR", region="asia-pacific"),
    )


def test_a_trainer_without_cities_creates_no_cohort(client, auth, synced, cities):
    trainer = UserFactory(role="trainer")
    auth.login(trainer)
    page = client.get("/cohorts/new").get_data(as_text=True)
    assert f'value="{cities[0].id}"' not in page and f'value="{cities[1].id}"' not in page
    response = client.post(
        "/cohorts/new", data={"name": "X", "city_id": cities[1].id, "target": "course:demo"}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(Cohort)) is None
    api = client.post(
        "/api/v1/cohorts",
        headers=bearer(client, trainer),
        json={"name": "X", "city_id": cities[1].id, "target": "course:demo"},
    )
    assert api.status_code == 422 and api.get_json()["error"]["code"] == "not_your_city"


def test_a_trainer_creates_cohorts_for_her_cities_only(client, auth, synced, cities):
    trainer = UserFactory(role="trainer")
    attach(trainer, cities[0])
    auth.login(trainer)
    page = client.get("/cohorts/new").get_data(as_text=True)
    assert f'value="{cities[0].id}"' in page and f'value="{cities[1].id}"' not in page
    ok = client.post(
        "/cohorts/new", data={"name": "A", "city_id": cities[0].id, "target": "course:demo"}
    )
    assert ok.status_code == 302
    refused = client.post(
        "/cohorts/new", data={"name": "B", "city_id": cities[1].id, "target": "course:demo"}
    )
    assert refused.status_code == 400
    cohort = db.session.scalar(select(Cohort))
    moved = client.post(f"/cohorts/{cohort.id}/edit", data={"name": "A", "city_id": cities[1].id})
    assert moved.status_code == 400 and cohort.city_id == cities[0].id
    api = client.patch(
        f"/api/v1/cohorts/{cohort.id}",
        headers=bearer(client, trainer),
        json={"city_id": cities[1].id},
    )
    assert api.status_code == 422


def test_a_co_trainer_must_work_for_the_city(client, auth, synced, cities):
    cohort, trainer = make_cohort(city=cities[0])
    outsider = UserFactory(role="trainer", email="outsider@example.org")
    auth.login(trainer)
    client.post(f"/cohorts/{cohort.id}/trainers", data={"email": "outsider@example.org"})
    auth.logout()
    auth.login(outsider)
    assert client.get(f"/cohorts/{cohort.id}").status_code == 404


def test_admins_attach_trainers_on_a_page_and_with_the_cli(client, auth, runner, cities):
    trainer = UserFactory(role="trainer", email="kim@example.org")
    learner = UserFactory(email="lee@example.org")
    auth.login(UserFactory(role="admin"))
    assert "kim@example.org" in client.get("/admin/trainers").get_data(as_text=True)
    response = client.post(
        "/admin/trainers",
        data={"email": "KIM@example.org", "city_ids": [str(cities[0].id), str(cities[1].id)]},
    )
    assert response.status_code == 302
    assert {r.city_id for r in db.session.scalars(select(TrainerCity))} == {c.id for c in cities}
    for bad in (
        {"email": learner.email, "city_ids": [str(cities[0].id)]},
        {"email": trainer.email, "city_ids": ["999999"]},
        {"email": trainer.email, "city_ids": ["9" * 40]},
        {"email": trainer.email, "city_ids": ["x"]},
    ):
        assert client.post("/admin/trainers", data=bad).status_code == 400
    result = runner.invoke(args=["users", "cities", "kim@example.org", "gwangju"])
    assert result.exit_code == 0, result.output
    assert "Gwangju" in result.output
    db.session.expire_all()
    assert {r.city_id for r in db.session.scalars(select(TrainerCity))} == {cities[1].id}
    result = runner.invoke(args=["users", "cities", "kim@example.org"])
    assert result.exit_code == 0
    assert runner.invoke(args=["users", "cities", "lee@example.org", "1"]).exit_code == 1
    assert runner.invoke(args=["users", "cities", "kim@example.org", "Atlantis"]).exit_code == 1


@pytest.mark.parametrize("who", ["learner", "trainer"])
def test_only_admins_see_the_trainers_page(client, auth, who):
    auth.login(UserFactory(role=who))
    assert client.get("/admin/trainers").status_code == 403
    assert client.post("/admin/trainers", data={"email": "x@example.org"}).status_code == 403


def test_adding_an_existing_account_invites_it_and_tells_nothing(client, auth, synced, mailer):
    cohort, trainer = make_cohort()
    existing = UserFactory(email="ana@example.org")
    auth.login(trainer)
    known = client.post(
        f"/cohorts/{cohort.id}/learners", data={"emails": "ana@example.org"}, follow_redirects=True
    )
    unknown = client.post(
        f"/cohorts/{cohort.id}/learners",
        data={"emails": "nobody@example.org"},
        follow_redirects=True,
    )
    assert known.status_code == unknown.status_code == 200
    assert "1 invited" in known.get_data(as_text=True)
    assert "1 invited" in unknown.get_data(as_text=True)
    # Not a member until she accepts: the trainer sees "invited", nothing of her learning.
    assert (
        db.session.scalar(select(CohortMember).where(CohortMember.user_id == existing.id)) is None
    )
    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert existing.display_name not in dashboard
    assert {m["To"] for m in mailer.messages} == {"ana@example.org", "nobody@example.org"}
    api = client.get(f"/api/v1/cohorts/{cohort.id}/learners", headers=bearer(client, trainer))
    assert api.get_json() == []
