"""The JSON API: the learner's story with a token, strict input, JSON errors, OpenAPI."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt
from tests.factories import PASSWORD, UserFactory

RIGHT = {"adopted-by": [1], "charters": [0, 1], "forum-city": "Gwangju"}


@pytest.fixture
def token(client, synced):
    user = UserFactory(email="ana@example.org")
    response = client.post(
        "/api/v1/tokens", json={"email": "ANA@example.org", "password": PASSWORD, "name": "mobile"}
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["token"].startswith("mooc_") and body["name"] == "mobile"
    client.delete_cookie("session")
    return {"Authorization": f"Bearer {body['token']}", "user": user}


def headers(token):
    return {"Authorization": token["Authorization"]}


def test_learner_story_through_the_api(client, token):
    h = headers(token)
    assert client.get("/api/v1/me", headers=h).get_json()["email"] == "ana@example.org"
    courses = client.get("/api/v1/courses").get_json()
    assert [c["id"] for c in courses] == ["demo"]
    assert client.get("/api/v1/courses/demo/lessons/intro", headers=h).status_code == 403
    enrolled = client.post("/api/v1/courses/demo/enrolment", headers=h)
    assert enrolled.status_code == 201 and enrolled.get_json()["enrolled"] is True
    lesson = client.get("/api/v1/courses/demo/lessons/intro?lang=fr", headers=h).get_json()
    assert lesson["locale"] == "fr" and "communauté" in lesson["body_html"]
    assert lesson["next"] == "charters"
    done = client.post("/api/v1/courses/demo/lessons/intro/done", headers=h)
    assert done.status_code == 200 and done.get_json()["done"] is True
    quiz = client.get("/api/v1/courses/demo/quizzes/check", headers=h).get_json()
    assert [q["kind"] for q in quiz["questions"]] == ["single", "multiple", "short"]
    flat = str(quiz)
    for secret in ("correct", "feedback", "explanation", "Florence", "answers"):
        assert secret not in flat
    wrong = client.post(
        "/api/v1/courses/demo/quizzes/check/attempts?lang=en",
        headers=h,
        json={"answers": {"adopted-by": [0], "forum-city": "Seoul"}},
    )
    assert wrong.status_code == 201
    result = wrong.get_json()
    assert result["score"] == 0 and result["passed"] is False
    first = result["questions"][0]
    assert first["chosen"] == [0] and "no charter on cities" in first["feedback_html"][0]
    assert "Florence" in first["explanation_html"]
    right = client.post(
        "/api/v1/courses/demo/quizzes/check/attempts", headers=h, json={"answers": RIGHT}
    ).get_json()
    assert right["score"] == 100 and right["passed"] is True
    history = client.get("/api/v1/courses/demo/quizzes/check/attempts", headers=h).get_json()
    assert [a["number"] for a in history] == [1, 2]
    course = client.get("/api/v1/courses/demo", headers=h).get_json()
    assert course["progress"] == pytest.approx(2 / 3)
    assert course["modules"][1]["locked_by"] is None
    path = client.post("/api/v1/paths/practitioner/enrolment", headers=h).get_json()
    assert path["enrolled"] is True and path["next"] == "demo"


def test_unknown_fields_are_rejected_with_a_translated_message(client, token):
    response = client.post("/api/v1/courses/demo/enrolment", headers=headers(token))
    response = client.post(
        "/api/v1/courses/demo/quizzes/check/attempts",
        headers=headers(token),
        json={"answers": RIGHT, "score": 100},
    )
    assert response.status_code in (403, 422)
    client.post("/api/v1/courses/demo/lessons/intro/done", headers=headers(token))
    response = client.post(
        "/api/v1/courses/demo/quizzes/check/attempts",
        headers=headers(token),
        json={"answers": RIGHT, "score": 100},
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and error["fields"] == {"score": ["Unknown field."]}
    assert db.session.query(QuizAttempt).count() == 0


def test_errors_are_json_with_stable_codes(client, token):
    assert client.get("/api/v1/nope").get_json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/courses/nope").get_json()["error"]["code"] == "not_found"
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json() == {
        "error": {"code": "unauthorized", "message": "Sign in or send an API token."}
    }
    response = client.post("/api/v1/users", data="x", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_revoked_token_is_refused(client, token):
    tokens = client.get("/api/v1/me/tokens", headers=headers(token)).get_json()
    assert (
        client.delete(f"/api/v1/me/tokens/{tokens[0]['id']}", headers=headers(token)).status_code
        == 204
    )
    assert client.get("/api/v1/me", headers=headers(token)).status_code == 401


def test_register_and_profile_through_the_api(client):
    response = client.post(
        "/api/v1/users",
        json={
            "email": "Kim@Example.org",
            "password": "a long password",
            "display_name": "Kim",
            "certificate_name": "김민지",
            "language": "es",
        },
    )
    assert response.status_code == 202
    plain = client.post(
        "/api/v1/tokens",
        json={"email": "kim@example.org", "password": "a long password", "name": "x"},
    ).get_json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}).get_json()
    assert me["certificate_name"] == "김민지"
    again = client.post(
        "/api/v1/users",
        json={"email": "kim@example.org", "password": "a long password", "display_name": "Kim"},
    )
    assert again.status_code == 202 and again.get_json() == response.get_json()
    bad = client.post("/api/v1/users", json={"email": "x", "password": "s", "display_name": ""})
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"email", "password", "display_name"}


def test_a_learner_cannot_reach_another_learners_attempts(client, token):
    h = headers(token)
    client.post("/api/v1/courses/demo/enrolment", headers=h)
    client.post("/api/v1/courses/demo/lessons/intro/done", headers=h)
    client.post("/api/v1/courses/demo/quizzes/check/attempts", headers=h, json={"answers": RIGHT})
    other = UserFactory()
    plain = client.post(
        "/api/v1/tokens", json={"email": other.email, "password": PASSWORD, "name": "x"}
    ).get_json()["token"]
    client.delete_cookie("session")
    h2 = {"Authorization": f"Bearer {plain}"}
    client.post("/api/v1/courses/demo/enrolment", headers=h2)
    client.post("/api/v1/courses/demo/lessons/intro/done", headers=h2)
    assert (
        client.get("/api/v1/courses/demo/quizzes/check/attempts/1", headers=h2).status_code == 404
    )
    assert client.get("/api/v1/courses/demo/quizzes/check/attempts", headers=h2).get_json() == []
    assert db.session.scalar(select(QuizAttempt)).user_id == token["user"].id


def test_openapi_document_is_generated_from_the_schemas(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    submit = spec["paths"]["/api/v1/courses/{slug}/quizzes/{item}/attempts"]["post"]
    body = submit["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Submission"}
    assert "answers" in spec["components"]["schemas"]["Submission"]["properties"]
    assert spec["components"]["schemas"]["Submission"]["additionalProperties"] is False
    quiz = spec["components"]["schemas"]["Question"]["properties"]
    assert "correct" not in quiz and "options" in quiz
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert operation["responses"], (path, method)


def test_error_messages_follow_the_language(app, client):
    response = client.get("/api/v1/me?lang=fr")
    assert response.get_json()["error"] == {
        "code": "unauthorized",
        "message": "Connectez-vous ou envoyez un jeton d'API.",
    }
    client = app.test_client()  # ?lang= above is remembered in that client's session
    response = client.post(
        "/api/v1/users",
        json={"email": "x", "password": "a long password", "display_name": "X"},
        headers={"Accept-Language": "es"},
    )
    assert response.get_json()["error"]["fields"]["email"] == [
        "Introduzca una dirección de correo electrónico válida."
    ]
