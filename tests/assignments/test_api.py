"""The assignment API: a learner's work and reviews, a trainer's views, in the OpenAPI document."""

from __future__ import annotations

from sqlalchemy import select

from mooc.assignments.models import Review
from mooc.extensions import db
from tests.assignments.helpers import TEXT, assignment_course, learners
from tests.cohorts.helpers import add_learner, make_cohort
from tests.factories import CityFactory

URL = "/api/v1/courses/demo/assignments/plan"


def test_learners_hand_in_review_and_read_their_grade(client, auth, tree):
    assignment_course(tree, reviews=1)
    ana, bea = learners(2)
    auth.login(ana)
    page = client.get(URL).get_json()
    assert (page["reviews"], page["max_words"], page["submission"]) == (1, 800, None)
    assert [c["id"] for c in page["criteria"]] == ["rights", "actions"]
    draft = client.put(f"{URL}/submission", json={"body": TEXT}).get_json()
    assert draft["status"] == "draft" and draft["words"] == 14
    too_long = client.put(f"{URL}/submission", json={"body": "w " * 900, "submit": True})
    assert too_long.status_code == 422
    assert too_long.get_json()["error"]["code"] == "too_long"
    assert client.put(f"{URL}/submission", json={"body": TEXT, "submit": True}).status_code == 200
    assert client.post(f"{URL}/reviews").get_json() == []  # nobody else has handed in
    auth.logout()
    auth.login(bea)
    client.put(f"{URL}/submission", json={"body": TEXT + " Bea.", "submit": True})
    (task,) = client.post(f"{URL}/reviews").get_json()
    assert "author" not in task and "Learner 0" not in str(task)
    bad = client.put(f"{URL}/reviews/{task['id']}", json={"levels": {"rights": 7}})
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "bad_level"
    sent = client.put(
        f"{URL}/reviews/{task['id']}",
        json={
            "levels": {"rights": 2, "actions": 2},
            "comments": {"actions": "Dates?"},
            "submit": True,
        },
    )
    assert sent.get_json()["status"] == "done"
    auth.logout()
    auth.login(ana)
    page = client.get(URL).get_json()
    assert page["submission"]["status"] == "graded" and page["submission"]["points"] == 4
    assert page["passed"] is True
    (received,) = page["received"]
    assert received["reviewer"] is None and received["comments"] == {"actions": "Dates?"}
    assert (
        client.post(f"{URL}/received/{received['id']}/flag", json={"reason": "x"}).status_code
        == 204
    )
    assert client.post(f"{URL}/received/{received['id']}/flag", json={}).status_code == 409


def test_a_trainer_sees_her_cohort_and_her_review_decides(client, auth, tree):
    assignment_course(tree, reviews=1)
    cohort, trainer = make_cohort()
    ana, bea = add_learner(cohort), add_learner(cohort)
    auth.login(ana)
    client.put(f"{URL}/submission", json={"body": TEXT, "submit": True})
    auth.logout()
    auth.login(bea)
    client.put(f"{URL}/submission", json={"body": TEXT, "submit": True})
    auth.logout()
    auth.login(trainer)
    (summary,) = client.get(f"/api/v1/cohorts/{cohort.id}/assignments").get_json()
    assert (summary["submitted"], summary["waiting"], summary["passed"]) == (2, 2, 0)
    assert [s["id"] for s in summary["rubric_analysis"]] == ["rights", "actions"]
    work_id = next(s["id"] for s in summary["submissions"] if s["learner"] == ana.display_name)
    url = f"/api/v1/cohorts/{cohort.id}/submissions/{work_id}"
    page = client.get(url).get_json()
    assert page["learner"] == ana.display_name
    assert {r["reviewer"] for r in page["reviews"]} == {bea.display_name}  # trainers see names
    decided = client.put(f"{url}/review", json={"levels": {"rights": 2, "actions": 4}})
    assert decided.get_json()["work"]["passed"] is True
    other, _trainer = make_cohort(name="Elsewhere", city=CityFactory())
    assert client.get(f"/api/v1/cohorts/{other.id}/submissions/{work_id}").status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(Review).where(Review.kind == "trainer")).levels == {
        "rights": 2,
        "actions": 4,
    }


def test_the_openapi_document_lists_the_assignment_operations(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "put" in paths["/api/v1/courses/{slug}/assignments/{item}/submission"]
    assert "get" in paths["/api/v1/cohorts/{cohort_id}/submissions/{submission_id}"]
