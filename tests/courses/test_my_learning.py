"""A home for a returning learner: "My learning" after sign-in, Resume to the exact next item."""

from __future__ import annotations

from tests.factories import PASSWORD

RIGHT = {"q-adopted-by": "1", "q-charters": ["0", "1"], "q-forum-city": "Gwangju"}


def test_sign_in_lands_on_my_learning_with_each_course_and_a_resume_button(client, enrolled):
    client.post("/logout")
    response = client.post("/login", data={"email": enrolled.email, "password": PASSWORD})
    assert response.location == "/learning"
    page = client.get("/learning").get_data(as_text=True)
    assert "My learning" in page and "Demo course" in page and "0% done" in page
    assert 'class="button big" href="/courses/demo/lessons/intro"' in page


def test_resume_never_points_at_a_quiz_already_passed(client, enrolled):
    client.post("/courses/demo/lessons/intro/done")
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    client.get("/courses/demo/quizzes/check/attempts/1")  # the quiz is the last item opened
    page = client.get("/learning").get_data(as_text=True)
    assert 'href="/courses/demo/quizzes/check"' not in page
    # on from the quiz: module 2's lesson (the optional lesson skipped before comes after)
    assert 'class="button big" href="/courses/demo/lessons/housing"' in page
    client.post("/courses/demo/lessons/housing/done")
    assert client.get("/courses/demo/resume").location == "/courses/demo/lessons/charters"


def test_a_newcomer_is_pointed_to_the_catalogue(client, learner):
    page = client.get("/learning").get_data(as_text=True)
    assert "You have not enrolled in a course yet." in page


def test_my_learning_needs_an_account(client):
    assert "/login" in client.get("/learning").location
