"""The exchange's moderation, trainers' view, case studies, settings and privacy in the JSON API:
the same access rules as the pages (learner, trainer of the cohort, trainer of another cohort,
admin, signed out), tokens and CSRF as the rest of the API."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from mooc.accounts import services as accounts
from mooc.exchange import services
from mooc.exchange.models import Answer, Mute, Post, Report
from mooc.extensions import db
from tests.exchange.helpers import answer, prompt, sync_second_edition, two_cohorts
from tests.factories import PASSWORD, UserFactory

ROLES = ("ana", "trainer_a", "trainer_b", "admin", None)
TRAINERS = {"ana": 404, "trainer_a": 200, "trainer_b": 404, "admin": 200, None: 401}
ADMINS = {"ana": 404, "trainer_a": 404, "trainer_b": 404, "admin": 200, None: 401}
OWNER = {"ana": 200, "trainer_a": 404, "trainer_b": 404, "admin": 404, None: 401}
ANYONE = {"ana": 200, "trainer_a": 200, "trainer_b": 200, "admin": 200, None: 401}


def no_content(expected: dict) -> dict:
    return {role: 204 if status == 200 else status for role, status in expected.items()}


@pytest.fixture
def world(runner, tree):
    """Ana shares with cohort A and across cities, Bea with A; a discussion with Ana's thread,
    Bea's report on Ana's answer."""
    sync_second_edition(runner, tree)
    found = two_cohorts()
    found["admin"] = UserFactory(role="admin", display_name="Admin")
    mine = answer(found["ana"], "Ana desk idea", share_cohort=True, share_cities=True)
    answer(found["bea"], "Bea desk idea", share_cohort=True)
    discussion = services.start_discussion(
        found["trainer_a"], found["a"], prompt().module_id, "First steps", "Tell us"
    )
    thread = services.post(found["ana"], discussion, "My thread", "en")
    report = services.report(found["bea"], "off topic", found["a"].id, answer=mine)
    found.update(answer=mine, thread=thread, discussion=discussion, report=report)
    return found


# (method, path, body, who gets what): every new operation.
CASES = [
    ("PUT", "/answers/{answer}/hidden", {"hidden": True}, TRAINERS),
    ("PUT", "/posts/{thread}/hidden", {"hidden": False}, TRAINERS),
    ("PATCH", "/posts/{thread}/flags", {"pinned": True, "endorsed": True}, TRAINERS),
    ("GET", "/cohorts/{a}/mutes", None, TRAINERS),
    ("PUT", "/cohorts/{a}/mutes", {"user_id": "{bea}", "muted": False}, no_content(TRAINERS)),
    ("GET", "/cohorts/{a}/exchange/reports", None, TRAINERS),
    ("GET", "/admin/exchange/reports", None, ADMINS),
    ("POST", "/exchange/reports/{report}/dismiss", None, no_content(TRAINERS)),
    ("GET", "/cohorts/{a}/reflections", None, TRAINERS),
    ("GET", "/cohorts/{a}/shared-answers?prompt=first-step", None, TRAINERS),
    ("PUT", "/cohorts/{a}/reflections/first-step/open", {"opened": False}, TRAINERS),
    ("PUT", "/answers/{answer}/case-study", {"named": True}, OWNER),
    ("DELETE", "/answers/{answer}/case-study", None, OWNER),
    ("GET", "/admin/exchange/case-studies", None, ADMINS),
    ("GET", "/me/exchange-settings", None, ANYONE),
    ("PUT", "/me/exchange-settings", {"digest": "weekly"}, ANYONE),
    ("GET", "/me/data", None, ANYONE),
    ("POST", "/notifications/read", None, no_content(ANYONE)),
]


def fill(value, world):
    """`{name}` in a path or body: the id of the world's object of that name."""
    ids = {
        "answer": world["answer"].id,
        "thread": world["thread"].id,
        "report": world["report"].id,
        "a": world["a"].id,
        "bea": world["bea"].id,
    }
    if isinstance(value, str):
        found = re.fullmatch(r"\{(\w+)\}", value)
        if found:
            return ids[found[1]]
        return re.sub(r"\{(\w+)\}", lambda m: str(ids[m[1]]), value)
    if isinstance(value, dict):
        return {key: fill(item, world) for key, item in value.items()}
    return value


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    CASES,
    ids=[f"{method} {path}" for method, path, _body, _expected in CASES],
)
def test_who_may_call_each_operation(client, auth, world, method, path, body, expected):
    url = "/api/v1" + fill(path, world)
    for role in ROLES:
        if role is not None:
            auth.login(world[role])
        kwargs = {"json": fill(body, world)} if body is not None else {}
        response = client.open(url, method=method, **kwargs)
        assert response.status_code == expected[role], (role, response.get_data(as_text=True))
        if response.status_code >= 400:
            assert "Ana desk idea" not in response.get_data(as_text=True)
        if role is not None:
            auth.logout()


def call(client, world, who, method, path, **kwargs):
    auth_header = {"Authorization": f"Bearer {token(world[who])}"}
    return client.open("/api/v1" + path, method=method, headers=auth_header, **kwargs)


def token(user) -> str:
    _row, plain = accounts.create_token(user, "script")
    return plain


def cohort_texts(client, world, who) -> list[str]:
    page = call(client, world, who, "GET", "/courses/demo/reflections/first-step").get_json()
    return [entry["body_html"] for entry in page["cohort"]["answers"]]


def test_hide_and_restore_an_answer_and_a_post(client, world):
    mine, thread = world["answer"], world["thread"]
    assert any("Ana desk idea" in text for text in cohort_texts(client, world, "bea"))
    hidden = call(
        client, world, "trainer_a", "PUT", f"/answers/{mine.id}/hidden", json={"hidden": True}
    )
    assert hidden.get_json() == {"id": mine.id, "hidden": True}
    assert not any("Ana desk idea" in text for text in cohort_texts(client, world, "bea"))
    trainer = call(
        client,
        world,
        "trainer_a",
        "GET",
        f"/cohorts/{world['a'].id}/shared-answers?prompt=first-step",
    )
    shown = {entry["id"]: entry["hidden"] for entry in trainer.get_json()["answers"]}
    assert shown[mine.id] is True  # the trainer still sees it, marked
    assert db.session.get(Report, world["report"].id).resolved_at is not None
    call(client, world, "trainer_a", "PUT", f"/answers/{mine.id}/hidden", json={"hidden": False})
    assert any("Ana desk idea" in text for text in cohort_texts(client, world, "bea"))
    url = f"/discussions/{world['discussion'].id}"
    call(client, world, "trainer_a", "PUT", f"/posts/{thread.id}/hidden", json={"hidden": True})
    assert call(client, world, "bea", "GET", url).get_json()["threads"] == []
    flags = call(
        client, world, "trainer_a", "PATCH", f"/posts/{thread.id}/flags", json={"pinned": True}
    ).get_json()
    assert flags == {"id": thread.id, "hidden": True, "pinned": True, "endorsed": False}


def test_flags_are_for_discussion_posts_only(client, world):
    reply = services.reply(world["bea"], world["answer"], world["a"].id, "A reply", "en")
    response = call(
        client, world, "trainer_a", "PATCH", f"/posts/{reply.id}/flags", json={"pinned": True}
    )
    assert response.status_code == 404


def test_mute_and_unmute_a_learner(client, world):
    cohort = world["a"].id
    bea = world["bea"]
    muted = call(
        client, world, "trainer_a", "PUT", f"/cohorts/{cohort}/mutes", json={"user_id": bea.id}
    )
    assert muted.status_code == 204
    listed = call(client, world, "trainer_a", "GET", f"/cohorts/{cohort}/mutes").get_json()
    assert [(m["user_id"], m["name"]) for m in listed] == [(bea.id, "Bea Montevideo")]
    refused = call(
        client,
        world,
        "bea",
        "POST",
        f"/discussions/{world['discussion'].id}/posts",
        json={"body": "Hi"},
    )
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "muted"
    call(
        client,
        world,
        "trainer_a",
        "PUT",
        f"/cohorts/{cohort}/mutes",
        json={"user_id": bea.id, "muted": False},
    )
    assert db.session.scalar(select(func.count()).select_from(Mute)) == 0
    # A learner of another cohort cannot be muted here (as if she did not exist).
    other = call(
        client,
        world,
        "trainer_a",
        "PUT",
        f"/cohorts/{cohort}/mutes",
        json={"user_id": world["carla"].id},
    )
    assert other.status_code == 404


def test_opening_a_prompt_to_the_cohort(client, world):
    cohort = world["a"].id
    newcomer = UserFactory(display_name="Newcomer")
    from mooc.cohorts import services as cohorts

    cohorts.join(newcomer, world["a"].join_code)
    world["newcomer"] = newcomer
    page = call(client, world, "newcomer", "GET", "/courses/demo/reflections/first-step").get_json()
    assert page["cohort"] is None  # she has not shared: not yet
    opened = call(
        client,
        world,
        "trainer_a",
        "PUT",
        f"/cohorts/{cohort}/reflections/first-step/open",
        json={"opened": True},
    )
    assert opened.get_json() == {"opened": True}
    stats = call(client, world, "trainer_a", "GET", f"/cohorts/{cohort}/reflections").get_json()
    assert {row["id"]: row["opened"] for row in stats}["first-step"] is True
    assert len(cohort_texts(client, world, "newcomer")) == 2
    unknown = call(
        client,
        world,
        "trainer_a",
        "PUT",
        f"/cohorts/{cohort}/reflections/nope/open",
        json={"opened": True},
    )
    assert unknown.status_code == 404


def test_the_reports_queues(client, world):
    cohort = world["a"].id
    queue = call(
        client, world, "trainer_a", "GET", f"/cohorts/{cohort}/exchange/reports"
    ).get_json()
    assert [(r["reason"], r["answer_id"], r["post_id"]) for r in queue] == [
        ("off topic", world["answer"].id, None)
    ]
    assert "Ana desk idea" in queue[0]["body_html"] and queue[0]["hidden"] is False
    # A report across cities goes to the admins' queue, not to the cohort's.
    answer(world["carla"], "Carla idea", share_cities=True)
    services.report(world["carla"], "spam", None, answer=world["answer"])
    cities = call(client, world, "admin", "GET", "/admin/exchange/reports").get_json()
    assert [r["reason"] for r in cities] == ["spam"]
    dismissed = call(
        client, world, "trainer_a", "POST", f"/exchange/reports/{world['report'].id}/dismiss"
    )
    assert dismissed.status_code == 204
    assert (
        call(client, world, "trainer_a", "GET", f"/cohorts/{cohort}/exchange/reports").get_json()
        == []
    )
    across = db.session.scalar(select(Report.id).where(Report.cohort_id.is_(None)))
    assert (
        call(client, world, "trainer_a", "POST", f"/exchange/reports/{across}/dismiss").status_code
        == 404
    )


def test_trainers_view_counts_and_pages(client, world):
    cohort = world["a"].id
    stats = call(client, world, "trainer_a", "GET", f"/cohorts/{cohort}/reflections").get_json()
    first = next(row for row in stats if row["id"] == "first-step")
    assert (first["answered"], first["shared"]) == (2, 2)
    assert all(row["answered"] == 0 for row in stats if row["id"] != "first-step")
    for number in range(45):
        learner = UserFactory(display_name=f"Learner {number}")
        from mooc.cohorts import services as cohorts

        cohorts.join(learner, world["a"].join_code)
        answer(learner, f"Idea {number}", share_cohort=number % 2 == 0)
    stats = call(client, world, "trainer_a", "GET", f"/cohorts/{cohort}/reflections").get_json()
    first = next(row for row in stats if row["id"] == "first-step")
    assert (first["answered"], first["shared"]) == (47, 25)
    answer(world["carla"], "Carla idea", share_cohort=True)  # cohort B: never in A's list
    url = f"/cohorts/{cohort}/shared-answers?prompt=first-step"
    one = call(client, world, "trainer_a", "GET", url).get_json()
    two = call(client, world, "trainer_a", "GET", url + "&page=2").get_json()
    assert (one["prompt"], one["page"], one["more"], len(one["answers"])) == (
        "first-step",
        1,
        True,
        20,
    )
    assert (two["page"], two["more"], len(two["answers"])) == (2, False, 5)
    first_prompt = stats[0]["id"]  # without `?prompt=`: the course's first
    default = call(client, world, "trainer_a", "GET", f"/cohorts/{cohort}/shared-answers")
    assert default.get_json()["prompt"] == first_prompt
    missing = call(client, world, "trainer_a", "GET", f"/cohorts/{cohort}/shared-answers?prompt=no")
    assert missing.status_code == 404
    texts = [a["body_html"] for page in (one, two) for a in page["answers"]]
    assert not any("Carla" in text for text in texts)


def test_case_study_consent_and_the_admins_export(client, world):
    mine = world["answer"]
    given = call(
        client, world, "ana", "PUT", f"/answers/{mine.id}/case-study", json={"named": True}
    )
    assert given.get_json()["case_study"] is True and given.get_json()["case_study_named"] is True
    export = call(client, world, "admin", "GET", "/admin/exchange/case-studies").get_json()
    assert [(c["text"], c["author"], c["region"]) for c in export["case_studies"]] == [
        ("Ana desk idea", "Ana Montevideo", "latin-america")
    ]
    assert export["exported_at"].endswith("+00:00")
    revoked = call(client, world, "ana", "DELETE", f"/answers/{mine.id}/case-study")
    assert revoked.get_json()["case_study"] is False
    assert (
        call(client, world, "admin", "GET", "/admin/exchange/case-studies").get_json()[
            "case_studies"
        ]
        == []
    )
    private = answer(world["ana"], "Private", slug="second-step")
    refused = call(client, world, "ana", "PUT", f"/answers/{private.id}/case-study", json={})
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "not_shared"
    bea = db.session.scalar(select(Answer).where(Answer.user_id == world["bea"].id))
    assert (
        call(client, world, "ana", "PUT", f"/answers/{bea.id}/case-study", json={}).status_code
        == 404
    )


def test_notification_settings(client, world):
    start = call(client, world, "ana", "GET", "/me/exchange-settings").get_json()
    assert start == {"digest": "off", "digest_cities": False}  # off by default, no other cities
    saved = call(client, world, "ana", "PUT", "/me/exchange-settings", json={"digest": "daily"})
    assert saved.get_json() == {"digest": "daily", "digest_cities": False}
    both = {"digest": "weekly", "digest_cities": True}
    assert call(client, world, "ana", "PUT", "/me/exchange-settings", json=both).get_json() == both
    wrong = call(client, world, "ana", "PUT", "/me/exchange-settings", json={"digest": "hourly"})
    assert wrong.status_code == 422 and "digest" in wrong.get_json()["error"]["fields"]
    assert call(client, world, "ana", "GET", "/me/data").get_json()["exchange_settings"] == both


@pytest.mark.parametrize("mode", ["remove", "anonymise"])
def test_deleting_an_account_with_a_token(client, world, mode):
    ana, thread_id = world["ana"], world["thread"].id
    headers = {"Authorization": f"Bearer {token(ana)}"}
    data = client.get("/api/v1/me/data", headers=headers).get_json()
    assert [a["text"] for a in data["answers"]] == ["Ana desk idea"]
    refused = client.delete(
        "/api/v1/me", headers=headers, json={"mode": mode, "confirmation": "no"}
    )
    assert refused.status_code == 422
    done = client.delete(
        "/api/v1/me", headers=headers, json={"mode": mode, "confirmation": "DELETE"}
    )
    assert done.status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401  # the token is revoked
    left = set(db.session.scalars(select(Answer.body)))
    thread = db.session.get(Post, thread_id)
    if mode == "remove":
        assert left == {"Bea desk idea"} and thread is None
    else:
        assert "Ana desk idea" in left and thread.author_id is None


def test_deleting_an_account_signs_the_session_out(client, auth, world):
    auth.login(world["bea"])
    response = client.delete("/api/v1/me", json={"mode": "remove", "confirmation": "DELETE"})
    assert response.status_code == 204
    assert client.get("/api/v1/me").status_code == 401
    login = client.post("/login", data={"email": world["bea"].email, "password": PASSWORD})
    assert login.status_code != 302


def test_cookie_writes_need_the_csrf_token_tokens_do_not(app, client, world):
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"email": world["ana"].email, "password": PASSWORD, "csrf_token": csrf}
    )
    page = client.get("/exchange/settings").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = {"digest": "daily"}
    refused = client.put("/api/v1/me/exchange-settings", json=body)
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "csrf_failed"
    ok = client.put("/api/v1/me/exchange-settings", json=body, headers={"X-CSRFToken": csrf})
    assert ok.status_code == 200
    client.delete_cookie("session")
    assert (
        call(
            client,
            world,
            "trainer_a",
            "PUT",
            f"/answers/{world['answer'].id}/hidden",
            json={"hidden": True},
        ).status_code
        == 200
    )


def test_the_openapi_document_has_every_operation(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for method, path, _body, _expected in CASES:
        path = path.split("?")[0]
        openapi = re.sub(r"\{(\w+)\}", lambda m: "{" + NAMES[m[1]] + "}", path)
        openapi = openapi.replace("first-step", "{prompt}")
        assert method.lower() in document["paths"]["/api/v1" + openapi], path
    assert "delete" in document["paths"]["/api/v1/me"]
    schemas = document["components"]["schemas"]
    assert {"Report", "CohortPrompt", "CaseStudies", "Settings", "MyData"} <= set(schemas)


NAMES = {"answer": "answer_id", "thread": "post_id", "report": "report_id", "a": "cohort_id"}
