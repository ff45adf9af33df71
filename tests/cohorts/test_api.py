"""Cohorts through the JSON API, with personal API tokens: the same services as the pages."""

from __future__ import annotations

from sqlalchemy import select

from mooc.cohorts import services
from mooc.cohorts.models import Cohort, CohortInvitation
from mooc.extensions import db
from tests.cohorts.helpers import RIGHT, WRONG, add_learner, attach, progress
from tests.factories import PASSWORD, CityFactory, UserFactory


def bearer(client, user) -> dict[str, str]:
    body = client.post(
        "/api/v1/tokens", json={"email": user.email, "password": PASSWORD, "name": "script"}
    ).get_json()
    client.delete_cookie("session")
    return {"Authorization": f"Bearer {body['token']}"}


def test_a_trainer_runs_a_cohort_through_the_api(client, synced):
    trainer = UserFactory(role="trainer")
    city = CityFactory(name="Montevideo", country="UY", region="latin-america")
    attach(trainer, city)
    h = bearer(client, trainer)
    created = client.post(
        "/api/v1/cohorts",
        headers=h,
        json={
            "name": "Spring",
            "city_id": city.id,
            "target": "course:demo",
            "ends_on": "2027-06-30",
        },
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["course"] == "demo" and body["path"] is None
    assert body["city"]["country"] == "UY" and body["ends_on"] == "2027-06-30"
    cohort = db.session.get(Cohort, body["id"])
    assert body["join_url"].endswith(f"/join/{cohort.join_code}")

    ana = UserFactory(display_name="Ana", email="ana@example.org")
    added = client.post(
        f"/api/v1/cohorts/{cohort.id}/learners",
        headers=h,
        json={"emails": ["ana@example.org", "someone.new@example.org"]},
    ).get_json()
    assert added == {"already": 0, "invited": 2}  # whether an account exists is not told
    invitation = db.session.scalar(
        select(CohortInvitation).where(CohortInvitation.email == "ana@example.org")
    )
    services.accept_invitation(ana, invitation)  # she consents: now a member
    progress(ana, ["intro"], [WRONG, RIGHT])

    detail = client.get(f"/api/v1/cohorts/{cohort.id}", headers=h).get_json()
    assert detail["summary"]["enrolled"] == 1
    assert detail["summary"]["average_score"] == 100.0
    learners = client.get(f"/api/v1/cohorts/{cohort.id}/learners", headers=h).get_json()
    assert learners[0]["name"] == "Ana" and learners[0]["email"] == "ana@example.org"
    assert learners[0]["done"] == 2 and learners[0]["total"] == 3
    assert learners[0]["best_scores"] == {"check": 100.0}
    assert learners[0]["quizzes_passed"] == 1 and learners[0]["completed"] is False
    assert learners[0]["last_activity"].endswith("+00:00")
    modules = client.get(f"/api/v1/cohorts/{cohort.id}/modules", headers=h).get_json()
    assert [(m["module"], m["complete"]) for m in modules] == [("basics", 1), ("more", 0)]
    questions = client.get(f"/api/v1/cohorts/{cohort.id}/questions", headers=h).get_json()
    assert {q["question_id"]: q["share"] for q in questions} == {
        "adopted-by": 0.0,
        "charters": 0.0,
        "forum-city": 0.0,
    }  # Ana's first attempt was wrong everywhere
    old_url = detail["join_url"]
    renewed = client.post(f"/api/v1/cohorts/{cohort.id}/join-code", headers=h).get_json()
    assert renewed["join_url"] != old_url
    patched = client.patch(
        f"/api/v1/cohorts/{cohort.id}", headers=h, json={"name": "Spring 2027"}
    ).get_json()
    assert patched["name"] == "Spring 2027"


def test_learners_join_through_the_api(client, synced):
    from tests.cohorts.helpers import make_cohort

    cohort, _trainer = make_cohort()
    learner = UserFactory()
    h = bearer(client, learner)
    joined = client.post(f"/api/v1/join/{cohort.join_code}", headers=h)
    assert joined.status_code == 200
    assert joined.get_json() == {
        "id": cohort.id,
        "name": cohort.name,
        "course": "demo",
        "path": None,
    }
    assert client.post("/api/v1/join/wrong", headers=h).status_code == 404
    assert client.get("/api/v1/cohorts", headers=h).status_code == 403
    assert client.get(f"/api/v1/cohorts/{cohort.id}", headers=h).status_code == 403


def test_api_errors_name_the_fields(client, synced):
    trainer = UserFactory(role="trainer")
    city = CityFactory()
    attach(trainer, city)
    h = bearer(client, trainer)
    missing = client.post("/api/v1/cohorts", headers=h, json={"name": "x"})
    assert missing.status_code == 422
    assert set(missing.get_json()["error"]["fields"]) == {"city_id", "target"}
    unknown = client.post(
        "/api/v1/cohorts",
        headers={**h, "Accept-Language": "es"},
        json={"name": "x", "city_id": city.id, "target": "course:nope"},
    )
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["code"] == "unknown_target"
    extra = client.post(
        "/api/v1/cohorts",
        headers=h,
        json={"name": "x", "city_id": city.id, "target": "course:demo", "owner": 1},
    )
    assert extra.status_code == 422 and "owner" in extra.get_json()["error"]["fields"]
    bad_emails = client.post("/api/v1/cohorts/1/learners", headers=h, json={"emails": ["nope"]})
    assert bad_emails.status_code in (404, 422)
    assert db.session.scalar(select(Cohort)) is None


def test_admin_report_across_a_region(client, synced):
    from tests.cohorts.helpers import make_cohort

    a, _ = make_cohort(name="Montevideo")
    seoul = CityFactory(name="Seoul", country="KR", region="asia-pacific")
    make_cohort(city=seoul, name="Seoul")
    add_learner(a)
    h = bearer(client, UserFactory(role="admin"))
    found = client.get("/api/v1/reports?region=latin-america", headers=h).get_json()
    assert [entry["cohort"]["name"] for entry in found] == ["Montevideo"]
    assert found[0]["summary"]["enrolled"] == 1
    by_country = client.get("/api/v1/reports?country=kr", headers=h).get_json()
    assert [entry["cohort"]["name"] for entry in by_country] == ["Seoul"]
    assert client.get("/api/v1/reports", headers=h).status_code == 400


def test_listing_cohorts_takes_a_few_queries_however_many_there_are(client, synced, count_queries):
    from tests.cohorts.helpers import make_cohort

    admin = UserFactory(role="admin")
    h = bearer(client, admin)
    counts = []
    for total in (1, 6):
        while len(client.get("/api/v1/cohorts", headers=h).get_json()) < total:
            make_cohort(
                city=CityFactory(), target="path:practitioner" if total % 2 else "course:demo"
            )
        db.session.expunge_all()
        with count_queries() as counter:
            listed = client.get("/api/v1/cohorts", headers=h).get_json()
        assert len(listed) == total and all(c["course"] or c["path"] for c in listed)
        counts.append(counter.count)
    # token, user, cohorts, then their cities, courses and paths: one query each, not one per cohort
    assert max(counts) <= 6, counts
