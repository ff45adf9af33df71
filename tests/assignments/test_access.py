"""Who sees what: another cohort's work is 404, a reviewer sees only what she was given, the
author's name stays hidden from reviewers (and reviewers' names from authors) unless the
course names reviewers."""

from __future__ import annotations

from mooc.assignments import services
from tests.assignments.helpers import LEVELS, TEXT, assignment_course
from tests.cohorts.helpers import add_learner, make_cohort
from tests.factories import CityFactory, UserFactory


def setup(tree):
    lesson = assignment_course(tree, reviews=1)
    here, trainer = make_cohort()
    there, other_trainer = make_cohort(name="Elsewhere", city=CityFactory())
    ana = add_learner(here, display_name="Ana Author")
    bea = add_learner(here, display_name="Bea Reviewer")
    cleo = add_learner(there, display_name="Cleo Outsider")
    dora = add_learner(there, display_name="Dora Outsider")
    works = {
        u.display_name: services.save(u.id, lesson, TEXT, True) for u in (ana, bea, cleo, dora)
    }
    return lesson, (here, trainer), (there, other_trainer), (ana, bea, cleo, dora), works


def test_reviews_stay_within_the_cohort_and_reviewers_see_only_their_own(client, auth, tree):
    lesson, _here, _there, (ana, bea, cleo, dora), works = setup(tree)
    mine = services.request_reviews(bea.id, lesson)
    assert [r.submission_id for r in mine] == [works["Ana Author"].id]
    theirs = services.request_reviews(cleo.id, lesson)
    assert [r.submission_id for r in theirs] == [works["Dora Outsider"].id]
    auth.login(bea)
    page = client.get(f"/courses/demo/assignments/plan/reviews/{mine[0].id}")
    assert page.status_code == 200
    assert "Ana Author" not in page.get_data(as_text=True)  # anonymous to the reviewer
    assert client.get(f"/courses/demo/assignments/plan/reviews/{theirs[0].id}").status_code == 404
    assert (
        client.get(f"/api/v1/courses/demo/assignments/plan/reviews/{theirs[0].id}").status_code
        == 404
    )
    posted = client.post(
        f"/courses/demo/assignments/plan/reviews/{theirs[0].id}",
        data={"level-rights": "2", "level-actions": "4", "action": "submit"},
    )
    assert posted.status_code == 404
    auth.logout()
    auth.login(ana)  # the author cannot open a review of her own work as a reviewer
    assert client.get(f"/courses/demo/assignments/plan/reviews/{mine[0].id}").status_code == 404


def test_authors_do_not_see_reviewers_unless_the_course_names_them(app, client, auth, tree):
    lesson, _here, _there, (ana, bea, _c, _d), _works = setup(tree)
    (review,) = services.request_reviews(bea.id, lesson)
    services.save_review(review, LEVELS, {"rights": "Well argued."}, send=True)
    auth.login(ana)
    page = client.get("/courses/demo/assignments/plan").get_data(as_text=True)
    assert "Well argued." in page and "Bea Reviewer" not in page
    assert "Bea Reviewer" not in str(client.get("/api/v1/courses/demo/assignments/plan").get_json())
    app.config["ASSIGNMENTS_NAMED_REVIEWS"] = ("demo",)
    page = client.get("/courses/demo/assignments/plan").get_data(as_text=True)
    assert "Review by Bea Reviewer" in page


def test_another_cohorts_trainer_and_learners_get_404(client, auth, tree):
    _lesson, (here, trainer), (there, other_trainer), _users, works = setup(tree)
    ana_work = works["Ana Author"].id
    auth.login(other_trainer)
    assert client.get(f"/cohorts/{here.id}/submissions/{ana_work}").status_code == 404
    assert client.get(f"/cohorts/{there.id}/submissions/{ana_work}").status_code == 404
    response = client.post(
        f"/cohorts/{there.id}/submissions/{ana_work}/review",
        data={"level-rights": "2", "level-actions": "4"},
    )
    assert response.status_code == 404
    assert client.get(f"/api/v1/cohorts/{there.id}/submissions/{ana_work}").status_code == 404
    auth.logout()
    auth.login(UserFactory())
    assert client.get(f"/cohorts/{here.id}/assignments").status_code in (403, 404)
    auth.logout()
    auth.login(trainer)
    page = client.get(f"/cohorts/{here.id}/assignments").get_data(as_text=True)
    assert "Ana Author" in page and "Cleo Outsider" not in page
    assert client.get(f"/cohorts/{here.id}/submissions/{ana_work}").status_code == 200
    dashboard = client.get(f"/cohorts/{here.id}").get_data(as_text=True)
    assert "Assignments" in dashboard and "Waiting for reviews" in dashboard


def test_the_cohort_exports_include_the_assignments(client, auth, tree):
    import io

    from openpyxl import load_workbook

    _lesson, (here, trainer), _there, _users, _works = setup(tree)
    auth.login(trainer)
    text = client.get(f"/cohorts/{here.id}/report.csv").get_data(as_text=True)
    lines = text.splitlines()
    assert "Assignment,Name,Status,Words,Reviews done,Grade (%),Passed" in lines
    assert any(
        line.startswith("My city's first agenda,Ana Author,Waiting for reviews") for line in lines
    )
    assert "Cleo Outsider" not in text
    response = client.get(f"/cohorts/{here.id}/report.xlsx")
    workbook = load_workbook(io.BytesIO(response.get_data()))
    response.close()  # the server closes it after sending: the temporary file goes
    sheet = workbook["Assignments"]
    assert [c.value for c in next(sheet.iter_rows())][:2] == ["Assignment", "Name"]
    pdf = client.get(f"/cohorts/{here.id}/report.pdf")
    assert pdf.status_code == 200 and pdf.data[:4] == b"%PDF"
