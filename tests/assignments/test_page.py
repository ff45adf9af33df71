"""The assignment page, and what a required assignment means for completion."""

from __future__ import annotations

from sqlalchemy import select

from mooc.courses import outlines, progress
from mooc.courses.models import Enrolment
from mooc.extensions import db
from tests.trees import COURSE, MODULE, MODULE2, PLAN, second_edition

PLAN_FR = PLAN.replace(".md", ".fr.md")
RIGHT = {"q-adopted-by": "1", "q-charters": ["0", "1"], "q-forum-city": "Gwangju"}
CERTIFICATE = "certificate: {min_average: 70, require_all_lessons: true}"


def sync(runner, tree):
    result = runner.invoke(args=["content", "sync", str(tree.root)])
    assert result.exit_code == 0, result.output


def open_course(runner, tree, **edits):
    """The second-edition tree with every module open (and more edits of course.md)."""
    second_edition(tree)
    tree.replace(f"{COURSE}/course.md", "sequential: true", "sequential: false")
    for old, new in edits.items():
        tree.replace(f"{COURSE}/course.md", old, new)
    sync(runner, tree)


def finish_everything_else(client):
    for lesson in ("intro", "charters", "reflect", "housing"):
        assert client.post(f"/courses/demo/lessons/{lesson}/done").status_code == 302
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)


def test_enrolled_learner_reads_the_brief_and_the_rubric(client, learner, runner, tree):
    open_course(runner, tree)
    client.post("/courses/demo/enrol")
    response = client.get("/courses/demo/assignments/plan")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "My city&#39;s first agenda" in page
    assert "Write one page" in page and 'href="/courses/demo/lessons/intro"' in page
    assert "Reviewed by 3 peers" in page and "At most 800 words" in page
    assert "Pass mark: 50%" in page
    assert "Are two or three rights named, each with a reason?" in page
    assert "Look for reasons tied to the city." in page
    assert "4 points" in page and "Every right has an action, an office and a date." in page
    assert "6 points in all" in page
    assert "FACILITATOR" not in page
    assert 'name="body"' in page and "Hand in" in page  # her draft's form
    assert page.index("Not yet: no right is named.") < page.index("Partly: rights")


def test_the_page_is_in_the_reader_language(client, learner, runner, tree):
    open_course(runner, tree)
    client.post("/courses/demo/enrol")
    page = client.get("/courses/demo/assignments/plan?lang=fr").get_data(as_text=True)
    assert "Le premier agenda de ma ville" in page
    assert "Chaque droit a une action, un service et une date." in page
    assert "4 points" in page
    spanish = client.get("/courses/demo/assignments/plan?lang=es").get_data(as_text=True)
    assert "My city&#39;s first agenda" in spanish  # no Spanish file: the original, with a notice
    assert '<article lang="en">' in spanish
    assert "Esta página todavía no está disponible en su idioma" in spanish


def test_outline_and_api_list_the_assignment(client, learner, runner, tree):
    open_course(runner, tree)
    client.post("/courses/demo/enrol")
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert 'href="/courses/demo/assignments/plan"' in page
    assert "Assignment" in page and "not handed in" in page
    items = {
        i["id"]: i
        for m in client.get("/api/v1/courses/demo").get_json()["modules"]
        for i in m["items"]
    }
    assert items["plan"]["kind"] == "assignment"
    assert items["plan"]["url"] == "/courses/demo/assignments/plan"
    assert items["plan"]["done"] is False


def test_only_enrolled_learners_and_only_assignments(client, learner, runner, tree):
    open_course(runner, tree)
    response = client.get("/courses/demo/assignments/plan")
    assert response.status_code == 302 and response.location == "/courses/demo/"
    client.post("/courses/demo/enrol")
    assert client.get("/courses/demo/assignments/intro").status_code == 404
    assert client.get("/courses/demo/lessons/plan").status_code == 404
    assert client.get("/courses/demo/quizzes/plan").status_code == 404
    assert client.get("/courses/demo/assignments/nope").status_code == 404
    assert client.post("/courses/demo/lessons/plan/done").status_code == 404
    client.post("/logout")
    response = client.get("/courses/demo/assignments/plan")
    assert response.status_code == 302 and "/login" in response.location


def test_sequential_locks_apply_and_opening_is_remembered(client, learner, runner, tree):
    second_edition(tree)
    for name in (PLAN, PLAN_FR):
        text = tree.read(name).replace("(01-intro.md)", "(../01-basics/01-intro.md)")
        tree.remove(name)
        tree.write(name.replace(MODULE, MODULE2).replace("05-", "03-"), text)
    sync(runner, tree)
    client.post("/courses/demo/enrol")
    response = client.get("/courses/demo/assignments/plan")
    assert response.status_code == 403
    assert "This module opens when you complete “Basics”." in response.get_data(as_text=True)
    for lesson in ("intro", "reflect"):
        client.post(f"/courses/demo/lessons/{lesson}/done")
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    assert client.get("/courses/demo/assignments/plan").status_code == 200
    assert client.get("/courses/demo/resume").location == "/courses/demo/assignments/plan"


def test_a_required_assignment_keeps_its_module_locked_and_the_course_incomplete(
    client, learner, runner, tree
):
    second_edition(tree)  # sequential: the assignment is in the first module
    sync(runner, tree)
    client.post("/courses/demo/enrol")
    for lesson in ("intro", "reflect"):
        client.post(f"/courses/demo/lessons/{lesson}/done")
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    assert client.get("/courses/demo/lessons/housing").status_code == 403
    assert "not handed in" in client.get("/courses/demo/").get_data(as_text=True)


def test_completion_waits_for_a_required_assignment(app, client, learner, runner, tree):
    open_course(runner, tree)
    client.post("/courses/demo/enrol")
    finish_everything_else(client)
    enrolment = db.session.scalar(select(Enrolment))
    db.session.refresh(enrolment)
    assert enrolment.completed_at is None  # services.unfinished() counts the assignment
    with app.test_request_context("/"):
        state = progress.course_state(learner.id, outlines.course_outline("demo", "en"))
    assert not state.complete
    assert (state.done_required, state.total_required) == (4, 5)
    assert state.state_of("plan")[1].done is False
    assert "You have completed this course." not in client.get("/courses/demo/").get_data(
        as_text=True
    )


def test_an_optional_assignment_does_not_block_completion(client, learner, runner, tree):
    second_edition(tree)
    tree.replace(f"{COURSE}/course.md", "sequential: true", "sequential: false")
    tree.replace(PLAN, "title:", "required: false\ntitle:")
    sync(runner, tree)
    client.post("/courses/demo/enrol")
    finish_everything_else(client)
    assert db.session.scalar(select(Enrolment.completed_at)) is not None
    assert "You have completed this course." in client.get("/courses/demo/").get_data(as_text=True)


def test_the_certificate_may_require_assignments(client, learner, runner, tree):
    open_course(
        runner,
        tree,
        **{CERTIFICATE: CERTIFICATE.replace("true}", "true, require_assignments: true}")},
    )
    client.post("/courses/demo/enrol")
    finish_everything_else(client)
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert "pass the assignment “My city&#39;s first agenda”" in page
    assert "You meet every requirement" not in page


def test_without_require_assignments_the_certificate_does_not_wait(client, learner, runner, tree):
    open_course(runner, tree)
    client.post("/courses/demo/enrol")
    finish_everything_else(client)
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert "pass the assignment" not in page
    assert "You meet every requirement" in page
