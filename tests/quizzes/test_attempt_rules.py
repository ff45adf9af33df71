"""Quizzes that never strand a learner: unanswered questions confirmed first, shuffle, draw and
review applied per attempt, a result that says what to do, extra attempts granted."""

from __future__ import annotations

import re

from sqlalchemy import select

from mooc.extensions import db
from mooc.quizzes.models import AttemptGrant, QuizAttempt
from tests.cohorts.helpers import make_cohort
from tests.factories import UserFactory
from tests.trees import MODULE

QUIZ = "/courses/demo/quizzes/check"
RIGHT = {"q-adopted-by": "1", "q-charters": ["0", "1"], "q-forum-city": "Gwangju"}
WRONG = {"q-adopted-by": "0", "q-charters": ["0"], "q-forum-city": "Seoul", "confirm": "1"}


def resync(runner, tree, old: str, new: str) -> None:
    tree.replace(f"{MODULE}/03-check.md", old, new)
    assert runner.invoke(args=["content", "sync", str(tree.root)]).exit_code == 0


def open_quiz(client):
    client.post("/courses/demo/lessons/intro/done")


def fail_three_times(client):
    for _n in range(3):
        client.post(f"{QUIZ}/attempts", data=WRONG)


def test_unanswered_questions_are_named_and_confirmed_before_an_attempt_is_used(client, enrolled):
    open_quiz(client)
    response = client.post(f"{QUIZ}/attempts", data={"q-adopted-by": "0", "attempt": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "2 questions have no answer." in page and 'href="#question-2"' in page
    assert 'value="0" checked' in page  # the answer given is kept
    assert "Submit anyway" in page
    assert db.session.query(QuizAttempt).count() == 0
    response = client.post(
        f"{QUIZ}/attempts", data={"q-adopted-by": "0", "attempt": "1", "confirm": "1"}
    )
    assert response.location == f"{QUIZ}/attempts/1"


def test_a_page_submitted_twice_uses_one_attempt(client, enrolled):
    open_quiz(client)
    client.post(f"{QUIZ}/attempts", data={**RIGHT, "attempt": "1"})
    response = client.post(f"{QUIZ}/attempts", data={**RIGHT, "attempt": "1"})
    assert response.location == QUIZ
    assert db.session.query(QuizAttempt).count() == 1


def option_order(page: str) -> list[str]:
    return re.findall(r'name="q-charters" value="(\d)"', page)


def test_each_attempt_orders_the_options_its_own_way_and_keeps_its_layout(client, enrolled):
    open_quiz(client)
    orders = set()
    for _n in range(3):
        page = client.get(QUIZ).get_data(as_text=True)
        assert option_order(client.get(QUIZ).get_data(as_text=True)) == option_order(page)
        orders.add(tuple(option_order(page)))
        client.post(f"{QUIZ}/attempts", data=WRONG)
    assert len(orders) > 1
    attempt = db.session.scalar(select(QuizAttempt).where(QuizAttempt.number == 3))
    assert set(attempt.layout["orders"]["charters"]) == {0, 1, 2, 3}
    assert attempt.layout["questions"] == ["adopted-by", "charters", "forum-city"]


def test_shuffle_false_keeps_the_written_order(client, enrolled, runner, tree):
    resync(runner, tree, "max_attempts: 3", "max_attempts: 3\nshuffle: false")
    open_quiz(client)
    assert option_order(client.get(QUIZ).get_data(as_text=True)) == ["0", "1", "2", "3"]


def test_draw_shows_and_grades_n_questions(client, enrolled, runner, tree):
    resync(runner, tree, "max_attempts: 3", "max_attempts: 3\ndraw: 2")
    open_quiz(client)
    page = client.get(QUIZ).get_data(as_text=True)
    assert len(re.findall(r'<li id="question-', page)) == 2
    assert "2 questions drawn for this attempt" in page
    client.post(f"{QUIZ}/attempts", data={**RIGHT, "confirm": "1"})
    attempt = db.session.scalar(select(QuizAttempt))
    assert len(attempt.results) == 2 and attempt.score == 100.0


def test_the_key_is_shown_once_passed_or_out_of_attempts(client, enrolled):
    open_quiz(client)
    client.post(f"{QUIZ}/attempts", data=WRONG)
    page = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    assert "The correct answer:" not in page
    assert "shown once you pass this quiz or have no attempt left" in page
    assert "Attempt 1 of 3: 2 attempts left." in page
    assert '<button type="submit">Try again</button>' in page
    client.post(f"{QUIZ}/attempts", data=WRONG)
    client.post(f"{QUIZ}/attempts", data=WRONG)
    page = client.get(f"{QUIZ}/attempts/3").get_data(as_text=True)
    assert "The correct answer:" in page and "The UCLG World Council" in page
    assert "You missed:" in page and "Gwangju Human Rights Charter" in page
    assert "no attempt left" in page and "Try again" not in page


def test_review_never_hides_the_key_and_always_shows_it(client, enrolled, runner, tree):
    resync(runner, tree, "max_attempts: 3", "max_attempts: 1\nreview: never")
    open_quiz(client)
    client.post(f"{QUIZ}/attempts", data=WRONG)
    page = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    assert "The correct answer" not in page and "does not show its correct answers" in page
    resync(runner, tree, "review: never", "review: always")
    page = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    assert "The correct answer:" in page


def test_a_failed_quiz_does_not_offer_the_locked_next_module(client, enrolled):
    open_quiz(client)
    client.post(f"{QUIZ}/attempts", data=WRONG)
    page = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    assert "Next:" not in page
    client.post(f"{QUIZ}/attempts", data=RIGHT)
    assert "Next:" in client.get(f"{QUIZ}/attempts/2").get_data(as_text=True)


def test_select_all_is_said_once(client, enrolled, runner, tree):
    open_quiz(client)
    assert client.get(QUIZ).get_data(as_text=True).count("Select all that apply.") == 1
    resync(runner, tree, "## Which are charters?", "## Which are charters? Select all that apply.")
    assert client.get(QUIZ).get_data(as_text=True).count("Select all that apply.") == 1


def test_a_learner_out_of_attempts_is_told_what_to_do_and_her_trainer_rescues_her(
    app, client, auth, enrolled
):
    cohort, trainer = make_cohort()
    client.get(f"/join/{cohort.join_code}")
    client.post(f"/join/{cohort.join_code}")
    open_quiz(client)
    fail_three_times(client)
    page = client.get(QUIZ).get_data(as_text=True)
    assert "You can still pass it" in page and trainer.display_name in page
    assert "Submit my answers" not in page

    auth.login(trainer)
    listing = client.get("/quizzes/attempts").get_data(as_text=True)
    assert enrolled.display_name in listing and "3 of 3 attempts used" in listing
    lesson_id = re.search(r'name="lesson_id" value="(\d+)"', listing).group(1)
    grant = {"user_id": enrolled.id, "lesson_id": lesson_id, "extra": "1", "reason": ""}
    client.post("/quizzes/attempts/grants", data=grant)
    assert db.session.query(AttemptGrant).count() == 0  # a reason is required
    client.post("/quizzes/attempts/grants", data={**grant, "reason": "Was ill"})
    found = db.session.scalar(select(AttemptGrant))
    assert (found.granted_by_id, found.reason, found.extra) == (trainer.id, "Was ill", 1)
    assert "Was ill" in client.get("/quizzes/attempts").get_data(as_text=True)

    auth.login(enrolled)
    page = client.get(QUIZ).get_data(as_text=True)
    assert "Attempts used: 3 of 4" in page and "Submit my answers" in page
    response = client.post(f"{QUIZ}/attempts", data={**RIGHT, "attempt": "4"})
    assert response.location == f"{QUIZ}/attempts/4"


def test_only_her_trainers_and_admins_may_grant(client, auth, enrolled):
    make_cohort()  # a cohort she is not in
    other = UserFactory(role="trainer")
    open_quiz(client)
    fail_three_times(client)
    lesson_id = db.session.scalar(select(QuizAttempt.lesson_id))
    grant = {"user_id": enrolled.id, "lesson_id": lesson_id, "extra": "1", "reason": "x"}
    auth.login(other)
    assert enrolled.display_name not in client.get("/quizzes/attempts").get_data(as_text=True)
    assert client.post("/quizzes/attempts/grants", data=grant).status_code == 404
    auth.login(enrolled)
    assert client.post("/quizzes/attempts/grants", data=grant).status_code == 404
    assert client.get("/quizzes/attempts").status_code == 404
    auth.login(UserFactory(role="admin"))
    assert enrolled.display_name in client.get("/quizzes/attempts").get_data(as_text=True)
    client.post("/quizzes/attempts/grants", data=grant)
    assert db.session.query(AttemptGrant).count() == 1


def test_grants_through_the_api_and_the_cli(client, auth, runner, enrolled):
    open_quiz(client)
    fail_three_times(client)
    assert client.get("/api/v1/courses/demo/quizzes/check").get_json()["attempts_left"] == 0
    admin = UserFactory(role="admin")
    auth.login(admin)
    listed = client.get("/api/v1/attempt-grants").get_json()
    assert [(r["user_id"], r["quiz"], r["used"], r["allowed"]) for r in listed] == [
        (enrolled.id, "check", 3, 3)
    ]
    body = {"course": "demo", "quiz": "check", "user_id": enrolled.id, "reason": "Power cut"}
    response = client.post("/api/v1/attempt-grants", json=body)
    assert response.status_code == 201 and response.get_json()["granted_by_id"] == admin.id
    assert client.get("/api/v1/attempt-grants").get_json() == []
    result = runner.invoke(
        args=[
            "quizzes",
            "grant",
            enrolled.email,
            "demo",
            "check",
            "--extra",
            "2",
            "--reason",
            "Asked by mail",
            "--by",
            admin.email,
        ]
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["quizzes", "grant", enrolled.email, "demo", "check"]).exit_code
    auth.login(enrolled)
    quiz = client.get("/api/v1/courses/demo/quizzes/check").get_json()
    assert (quiz["attempts_allowed"], quiz["attempts_left"]) == (6, 3)


def test_the_learner_is_mailed_her_new_attempts_in_her_language(client, auth, enrolled, mailer):
    enrolled.language = "fr"
    db.session.commit()
    cohort, trainer = make_cohort()
    client.post(f"/join/{cohort.join_code}")
    open_quiz(client)
    fail_three_times(client)
    lesson_id = db.session.scalar(select(QuizAttempt.lesson_id))
    auth.login(trainer)
    grant = {"user_id": enrolled.id, "lesson_id": lesson_id, "extra": "2", "reason": "Was ill"}
    client.post("/quizzes/attempts/grants", data=grant)
    [message] = [m for m in mailer.messages if m["To"] == enrolled.email]
    body = message.get_body(("plain",)).get_content()
    assert "2 tentatives de plus" in message["Subject"]
    assert "https://learn.example/courses/demo/quizzes/check" in body
    assert "Was ill" not in body  # the reason is for the record, not the mail
    assert "/unsubscribe/" in body
