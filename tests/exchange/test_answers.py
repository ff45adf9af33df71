"""Answers under each prompt: saved, sanitised, editable, in their language, kept across content
edits; facilitator notes for trainers and admins only."""

from __future__ import annotations

from sqlalchemy import func, select

from mooc.exchange.models import Answer
from mooc.extensions import db
from tests.cohorts.helpers import make_cohort
from tests.exchange.helpers import answer, prompt, sync_second_edition, two_cohorts
from tests.factories import UserFactory
from tests.trees import MODULE, NOTES, REFLECT

LESSON = "/courses/demo/lessons/reflect"


def test_a_learner_answers_under_each_prompt(client, learner, runner, tree):
    sync_second_edition(runner, tree)
    client.post("/courses/demo/enrol")
    page = client.get(LESSON).get_data(as_text=True)
    assert page.count('class="reflection-answer"') == 2
    assert page.index("first-step") < page.index('name="body"')
    response = client.post(
        "/courses/demo/reflections/first-step",
        data={"body": "The **mayor's office** <script>alert(1)</script>", "next": LESSON},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{LESSON}#reflection-first-step")
    saved = db.session.scalar(select(Answer))
    assert saved.body_html.startswith("<p>The <strong>mayor's office</strong> &lt;script&gt;")
    assert saved.locale == "en" and not saved.shared
    page = client.get(LESSON).get_data(as_text=True)
    assert "The **mayor&#39;s office** &lt;script&gt;" in page  # in the textarea, escaped
    assert "<script>" not in page
    # editing keeps one row, and records the language she now writes in
    client.get("/?lang=fr")
    client.post("/courses/demo/reflections/first-step", data={"body": "Le cabinet du maire"})
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 1
    assert db.session.scalar(select(Answer.locale)) == "fr"
    assert 'lang="fr"' in client.get(LESSON).get_data(as_text=True)


def test_an_empty_answer_is_refused_and_a_stranger_cannot_answer(client, learner, runner, tree):
    sync_second_edition(runner, tree)
    response = client.post("/courses/demo/reflections/first-step", data={"body": "Hi"})
    assert response.status_code == 302  # not enrolled: refused with a message
    client.post("/courses/demo/enrol")
    client.post("/courses/demo/reflections/first-step", data={"body": "   "})
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
    assert client.post("/courses/demo/reflections/nope", data={"body": "x"}).status_code == 404


def test_facilitator_notes_for_trainers_and_admins_only(app, client, auth, runner, tree):
    sync_second_edition(runner, tree)
    learner = UserFactory()
    trainer = make_cohort()[0] and UserFactory(role="trainer")
    admin = UserFactory(role="admin")
    for user, sees in ((learner, False), (trainer, True), (admin, True)):
        auth.login(user)
        client.post("/courses/demo/enrol")
        page = client.get(LESSON).get_data(as_text=True)
        assert ("FACILITATOR-LESSON-NOTE" in page) is sees, user.role
        api = client.get("/api/v1/courses/demo/lessons/reflect").get_data(as_text=True)
        assert "FACILITATOR" not in api
        auth.logout()


def test_every_page_of_the_exchange_hides_notes_from_learners(app, client, runner, tree, auth):
    sync_second_edition(runner, tree)
    world = two_cohorts()
    answer(world["ana"], share_cohort=True, share_cities=True)
    answer(world["bea"], share_cohort=True)
    auth.login(world["bea"])
    urls = [
        LESSON,
        "/courses/demo/workbook",
        "/courses/demo/reflections/first-step",
        "/courses/demo/reflections/second-step",
        "/courses/demo/reflections/module-hope",
        "/api/v1/courses/demo/reflections",
        "/api/v1/courses/demo/reflections/first-step",
    ]
    for locale in ("en", "fr", "es"):
        client.get(f"/?lang={locale}")
        for url in urls:
            body = client.get(url).get_data(as_text=True)
            for note in NOTES:
                assert note not in body, (url, note)


def test_content_edits_keep_every_answer(client, learner, runner, tree):
    sync_second_edition(runner, tree)
    client.post("/courses/demo/enrol")
    for slug in ("first-step", "second-step", "module-hope"):
        client.post(f"/courses/demo/reflections/{slug}", data={"body": f"About {slug}"})
    ids = set(db.session.scalars(select(Answer.prompt_id)))

    def sync():
        result = runner.invoke(args=["content", "sync", str(tree.root)])
        assert result.exit_code == 0, result.output

    def still_there():
        assert set(db.session.scalars(select(Answer.prompt_id))) == ids
        page = client.get("/courses/demo/workbook").get_data(as_text=True)
        return page

    # retitle and renumber the lesson
    tree.replace(REFLECT, "title: Reflect", "title: Think it over")
    renumbered = REFLECT.replace("04-reflect", "09-reflect")
    tree.move(REFLECT, renumbered)
    tree.move(REFLECT.replace(".md", ".fr.md"), renumbered.replace(".md", ".fr.md"))
    sync()
    assert "About first-step" in still_there()
    # archive the lesson (its prompts go), then restore it
    text = tree.read(renumbered)
    french = tree.read(renumbered.replace(".md", ".fr.md"))
    tree.remove(renumbered)
    tree.remove(renumbered.replace(".md", ".fr.md"))
    sync()
    assert prompt("first-step").archived_at is not None
    assert "About first-step" not in still_there()
    tree.write(renumbered, text)
    tree.write(renumbered.replace(".md", ".fr.md"), french)
    sync()
    assert prompt("first-step").archived_at is None
    assert "About first-step" in still_there()
    # move the prompt to another lesson
    tree.write(renumbered, text.replace("::: reflection {#second-step}", "::: reflection {#x}"))
    intro = f"{MODULE}/01-intro.md"
    block = "\n::: reflection {#second-step}\nMoved here.\n:::\n"
    tree.write(intro, tree.read(intro) + block)
    intro_fr = intro.replace(".md", ".fr.md")
    tree.write(intro_fr, tree.read(intro_fr) + block)
    french_file = renumbered.replace(".md", ".fr.md")
    tree.write(french_file, french.replace("{#second-step}", "{#x}"))
    sync()
    assert "About second-step" in still_there()
