"""Quizzes through the pages: no key before submission, server grading, attempts, results."""

from __future__ import annotations

import re

from sqlalchemy import select

from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt
from tests.factories import PASSWORD, UserFactory

RIGHT = {"q-adopted-by": "1", "q-charters": ["0", "1"], "q-forum-city": "  GWANGJU "}
HALF = {"q-adopted-by": "0", "q-charters": ["0"], "q-forum-city": "광주"}


def open_quiz(client):
    client.post("/courses/demo/lessons/intro/done")


def test_quiz_page_has_labelled_inputs_and_no_key(client, enrolled):
    open_quiz(client)
    page = client.get("/courses/demo/quizzes/check").get_data(as_text=True)
    assert 'name="q-adopted-by" value="1"' in page and 'type="checkbox"' in page
    assert '<label for="q-forum-city">' in page
    for secret in ("adopted no charter", "Florence", "Gwangju hosts it", "Yes.", "correct"):
        assert secret not in page


def test_submission_is_graded_on_the_server(client, enrolled):
    open_quiz(client)
    response = client.post("/courses/demo/quizzes/check/attempts", data=HALF)
    assert response.location == "/courses/demo/quizzes/check/attempts/1"
    page = client.get(response.location).get_data(as_text=True)
    assert "Your score: 33%" in page and "not passed" in page
    assert "The General Assembly has adopted no charter on cities." in page  # chosen feedback
    assert "The UCLG World Council adopted it in Florence" in page  # explanation
    assert page.count("✗ Not correct") == 1 and page.count("✓ Correct") == 1
    assert "✗ Partly right" in page and "You chose 1 of the 2 correct answers." in page
    attempt = db.session.scalar(select(QuizAttempt))
    assert attempt.answers == {"adopted-by": [0], "charters": [0], "forum-city": "광주"}
    assert attempt.results == {"adopted-by": False, "charters": False, "forum-city": True}


def test_score_cannot_be_set_by_the_client(client, enrolled):
    open_quiz(client)
    client.post(
        "/courses/demo/quizzes/check/attempts", data={**HALF, "score": "100", "passed": "true"}
    )
    attempt = db.session.scalar(select(QuizAttempt))
    assert attempt.score < 50 and attempt.passed is False


def test_invalid_option_is_refused(client, enrolled):
    open_quiz(client)
    response = client.post("/courses/demo/quizzes/check/attempts", data={"q-adopted-by": "9"})
    assert response.status_code == 302 and response.location.endswith("/quizzes/check")
    assert db.session.query(QuizAttempt).count() == 0


def test_attempts_are_capped_and_the_best_score_counts(client, enrolled):
    open_quiz(client)
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    client.post("/courses/demo/quizzes/check/attempts", data=HALF)
    client.post("/courses/demo/quizzes/check/attempts", data=HALF)
    response = client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    assert response.location.endswith("/quizzes/check")
    assert db.session.query(QuizAttempt).count() == 3
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert "✓ passed" in page and "best score 100%" in page
    quiz = client.get("/courses/demo/quizzes/check").get_data(as_text=True)
    assert "You have used every attempt allowed for this quiz." in quiz
    assert len(re.findall(r"/quizzes/check/attempts/\d", quiz)) == 3  # the history


def test_switching_language_keeps_answers_and_shows_them_translated(client, enrolled):
    open_quiz(client)
    client.post("/courses/demo/quizzes/check/attempts", data=HALF)
    page = client.get("/courses/demo/quizzes/check/attempts/1?lang=fr").get_data(as_text=True)
    assert "L&#39;Assemblée générale" in page or "L'Assemblée générale" in page
    assert "Le Conseil mondial de CGLU, à Florence." in page


def test_a_learner_cannot_see_another_learners_attempt(client, enrolled):
    open_quiz(client)
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    client.post("/logout")
    other = UserFactory()
    client.post("/login", data={"email": other.email, "password": PASSWORD})
    client.post("/courses/demo/enrol")
    client.post("/courses/demo/lessons/intro/done")
    assert client.get("/courses/demo/quizzes/check/attempts/1").status_code == 404
