"""The author pages: who may see them, draft previews in every language, the check results and
the impact, publishing with a confirmation and CSRF, the history."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from mooc.courses.content.sync import sync_tree
from mooc.courses.models import ContentSync, Course
from mooc.extensions import db
from tests.authoring.helpers import every_table, learners_at_every_stage, written_tree
from tests.factories import UserFactory
from tests.routes import rules, url
from tests.trees import COURSE, MODULE

AUTHOR_RULES = [r for r in rules({"GET", "POST"}) if r.rule.startswith("/author")]


@pytest.fixture
def stages(app, tree):
    """The tree synced with the demo course as a draft, and learners at every stage."""
    written_tree(tree)
    assert sync_tree(str(tree.root)).written
    return learners_at_every_stage()


def make_draft(tree) -> None:
    tree.replace(f"{COURSE}/course.md", "sequential: true", "sequential: true\nstatus: draft")
    assert sync_tree(str(tree.root)).written


def test_the_author_routes_are_in_the_walk():
    endpoints = {r.endpoint for r in AUTHOR_RULES}
    assert {
        "authoring.index",
        "authoring.confirm",
        "authoring.publish",
        "authoring.history",
        "authoring.preview_course",
        "authoring.preview_lesson",
        "authoring.preview_quiz",
        "authoring.preview_assignment",
    } <= endpoints


@pytest.mark.parametrize("role", ["learner", "trainer"])
def test_learners_and_trainers_get_403_everywhere(app, client, auth, tree, stages, role):
    make_draft(tree)
    auth.login(UserFactory(role=role))
    before = every_table()
    for rule in AUTHOR_RULES:
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.open(url(rule, None, slug="demo", item="intro"), method=method)
            assert response.status_code in (403, 404), (method, rule.rule)
    # Drafts: the learners' pages do not show them either.
    for address in ("/courses/demo/", "/courses/demo/lessons/intro", "/courses/demo/quizzes/check"):
        assert client.get(address).status_code == 404, address
    assert b"Demo course" not in client.get("/").data
    assert every_table() == before


def test_signed_out_visitors_are_sent_to_sign_in(client, stages):
    response = client.get("/author/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["author", "admin"])
def test_authors_preview_a_draft_in_every_language_without_enrolling(
    app, client, auth, tree, stages, role
):
    make_draft(tree)
    user = UserFactory(role=role)
    auth.login(user)
    before = every_table()
    page = client.get("/author/preview/demo/?lang=fr")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Cours de démonstration" in html and "Brouillon" in html
    assert "/author/preview/demo/lessons/intro" in html
    lesson = client.get("/author/preview/demo/lessons/intro?lang=es").get_data(as_text=True)
    assert "Introduction" in lesson and "Borrador" in lesson
    # The body's links and images stay in the preview (the learners' pages hide the draft).
    assert 'href="/author/preview/demo/lessons/charters"' in lesson
    assert 'src="/author/preview/demo/media/map.svg"' in lesson
    media = client.get("/author/preview/demo/media/map.svg")
    assert media.status_code == 200 and b"<title>Map</title>" in media.get_data()
    media.close()
    assert client.get("/courses/demo/media/map.svg").status_code == 404
    quiz = client.get("/author/preview/demo/quizzes/check").get_data(as_text=True)
    assert "Which body adopted" in quiz and "disabled" in quiz
    assert "The UCLG World Council adopted it" not in quiz  # no explanation, no key
    plan = client.get("/author/preview/demo/assignments/plan").get_data(as_text=True)
    assert "Are two or three rights named" in plan
    # Nothing was recorded: no enrolment, no visit, no progress.
    assert every_table() == before
    assert client.get("/courses/demo/").status_code == 404  # still hidden from learners' pages


def test_the_folder_page_shows_check_results_with_file_and_line(client, auth, tree, stages):
    auth.login(UserFactory(role="author"))
    tree.replace(f"{MODULE}/03-check.md", "pass_mark: 70", "pass_mak: 70")
    html = client.get("/author/").get_data(as_text=True)
    assert "courses/01-demo/01-basics/03-check.md:4: error:" in html
    assert "pass_mak" in html
    assert "must be fixed" in html
    confirm = client.get("/author/publish").get_data(as_text=True)
    assert "Publish now" not in confirm


def test_the_folder_page_and_the_confirmation_repeat_the_impact(client, auth, tree, stages):
    auth.login(UserFactory(role="author"))
    tree.remove(f"{MODULE}/04-reflect.md")
    tree.remove(f"{MODULE}/04-reflect.fr.md")
    sentence = (
        "2 learners completed this lesson; their progress is kept and comes back if it returns."
    )
    assert sentence in client.get("/author/").get_data(as_text=True)
    confirm = client.get("/author/publish").get_data(as_text=True)
    assert sentence in confirm and "Publish now" in confirm
    assert "1 archived" in confirm


def fingerprint(html: str) -> str:
    return re.search(r'name="fingerprint" value="([0-9a-f]+)"', html).group(1)


def test_publish_syncs_in_one_go_and_records_who(client, auth, tree, stages):
    author = UserFactory(role="author", display_name="Ana Author")
    auth.login(author)
    tree.replace(f"{MODULE}/01-intro.md", "title: Introduction", "title: Welcome")
    confirm = client.get("/author/publish").get_data(as_text=True)
    response = client.post("/author/publish", data={"fingerprint": fingerprint(confirm)})
    assert response.status_code == 303 and response.headers["Location"].endswith("/author/history")
    row = db.session.scalar(select(ContentSync).order_by(ContentSync.id.desc()))
    assert row.user_id == author.id and row.command == "publish"
    history = client.get("/author/history").get_data(as_text=True)
    assert "Ana Author" in history and "1 lessons updated" in history


def test_publish_refuses_a_folder_edited_since_the_confirmation(client, auth, tree, stages):
    auth.login(UserFactory(role="author"))
    tree.replace(f"{MODULE}/01-intro.md", "title: Introduction", "title: Welcome")
    confirm = client.get("/author/publish").get_data(as_text=True)
    tree.replace(f"{MODULE}/01-intro.md", "title: Welcome", "title: Hello")
    before = every_table()
    response = client.post("/author/publish", data={"fingerprint": fingerprint(confirm)})
    assert response.status_code == 303 and response.headers["Location"].endswith("/author/publish")
    assert every_table() == before
    assert "changed since you looked" in client.get("/author/publish").get_data(as_text=True)


def test_publish_needs_the_csrf_token(app, client, tree, stages):
    from tests.security.test_csrf import signed_in_as

    app.config["WTF_CSRF_ENABLED"] = True
    author = UserFactory(role="author")
    signed_in_as(client, author)
    tree.replace(f"{MODULE}/01-intro.md", "title: Introduction", "title: Welcome")
    confirm = client.get("/author/publish").get_data(as_text=True)
    before = every_table()
    response = client.post("/author/publish", data={"fingerprint": fingerprint(confirm)})
    assert response.status_code == 400
    assert every_table() == before
    token = re.search(r'name="csrf_token" value="([^"]+)"', confirm).group(1)
    data = {"fingerprint": fingerprint(confirm), "csrf_token": token}
    assert client.post("/author/publish", data=data).status_code == 303
    title = db.session.scalar(select(Course.slug).where(Course.slug == "demo"))
    assert title == "demo"
