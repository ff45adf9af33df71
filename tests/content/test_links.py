"""Links the router owns: stored HTML keeps `mooc:` references, pages and API get URLs."""

from __future__ import annotations

from sqlalchemy import select

from mooc.courses import links
from mooc.courses.content import markdown, render
from mooc.courses.models import LessonTranslation
from mooc.extensions import db
from tests.trees import COURSE, MODULE, QUIZ, second_edition

INTRO = f"{MODULE}/01-intro.md"


def sync(runner, tree):
    result = runner.invoke(args=["content", "sync", str(tree.root)])
    assert result.exit_code == 0, result.output
    return result


def move_route(app, endpoint: str, rule: str) -> None:
    """Give an endpoint another URL rule, as a later change of the routes would."""
    found = next(app.url_map.iter_rules(endpoint))
    found.rule = rule
    found.refresh()


def open_tree(runner, tree):
    """The second-edition tree with every module open, and links in quiz texts."""
    second_edition(tree)
    tree.replace(f"{COURSE}/course.md", "sequential: true", "sequential: false")
    tree.replace(
        QUIZ,
        "> The UCLG World Council adopted it in Florence in 2011.",
        "> The UCLG World Council adopted it in Florence in 2011. See [the intro](01-intro.md).",
    )
    tree.replace(
        QUIZ,
        "## Which are charters? {#charters}\n",
        "## Which are charters? {#charters}\n\nRead [the charters](02-charters.md).\n",
    )
    sync(runner, tree)


def test_stored_html_holds_references_and_pages_get_router_urls(client, learner, runner, tree):
    open_tree(runner, tree)
    stored = db.session.scalars(select(LessonTranslation.body_html)).all()
    assert any('href="mooc:lesson/demo/charters"' in html for html in stored)
    assert not any('href="/courses/' in html for html in stored)
    client.post("/courses/demo/enrol")
    page = client.get("/courses/demo/lessons/intro").get_data(as_text=True)
    assert 'href="/courses/demo/lessons/charters"' in page
    assert 'href="/courses/demo/quizzes/check#q"' in page
    assert 'src="/courses/demo/media/map.svg"' in page
    assert "mooc:" not in page
    api = client.get("/api/v1/courses/demo/lessons/intro").get_json()
    assert 'href="/courses/demo/lessons/charters"' in api["body_html"]
    quiz = client.get("/api/v1/courses/demo/quizzes/check").get_json()
    assert 'href="/courses/demo/lessons/charters"' in quiz["questions"][1]["body_html"]


def test_stored_links_follow_a_changed_route(app, client, learner, runner, tree):
    open_tree(runner, tree)
    move_route(app, "courses.lesson", "/learn/<slug>/read/<item>")
    move_route(app, "quizzes.quiz", "/learn/<slug>/check/<item>")
    move_route(app, "assignments.assignment", "/learn/<slug>/work/<item>")
    move_route(app, "courses.media", "/files/<slug>/<path:name>")
    client.post("/courses/demo/enrol")
    page = client.get("/courses/demo/lessons/intro").get_data(as_text=True)
    assert 'href="/learn/demo/read/charters"' in page
    assert 'href="/learn/demo/check/check#q"' in page
    assert 'src="/files/demo/map.svg"' in page
    outline = client.get("/courses/demo/").get_data(as_text=True)
    for url in ("/learn/demo/read/intro", "/learn/demo/check/check", "/learn/demo/work/plan"):
        assert f'href="{url}"' in outline  # Item.url comes from the router too
    api = client.get("/api/v1/courses/demo").get_json()
    urls = {i["id"]: i["url"] for m in api["modules"] for i in m["items"]}
    assert urls["reflect"] == "/learn/demo/read/reflect"
    assert urls["plan"] == "/learn/demo/work/plan"
    quiz = client.get("/courses/demo/quizzes/check").get_data(as_text=True)
    assert 'href="/learn/demo/read/charters"' in quiz  # question text
    client.post("/courses/demo/quizzes/check/attempts", data={"q-adopted-by": "1", "confirm": "1"})
    result = client.get("/courses/demo/quizzes/check/attempts/1").get_data(as_text=True)
    assert 'href="/learn/demo/read/intro"' in result  # explanation
    work = client.get("/courses/demo/assignments/plan").get_data(as_text=True)
    assert 'href="/learn/demo/read/intro"' in work  # brief
    reflect = client.get("/courses/demo/lessons/reflect").get_data(as_text=True)
    assert 'href="/learn/demo/read/charters"' in reflect  # reflection prompt
    response = client.post("/courses/demo/lessons/intro/done")
    assert response.location == "/learn/demo/read/charters"


def test_each_reference_is_built_once_and_bodies_are_kept(
    client, learner, runner, tree, monkeypatch
):
    open_tree(runner, tree)
    client.post("/courses/demo/enrol")
    built = []
    original = links.resolve
    monkeypatch.setattr(links, "resolve", lambda *a: built.append(a) or original(*a))
    substitutions = []
    pattern = links.REFERENCE

    class Counting:
        def sub(self, *args):
            substitutions.append(1)
            return pattern.sub(*args)

    monkeypatch.setattr(links, "REFERENCE", Counting())

    def body() -> str:
        page = client.get("/courses/demo/lessons/intro").get_data(as_text=True)
        return page[page.index('<div class="prose">') : page.index("</article>")]

    first = body()
    assert len(built) == 3  # charters, the quiz, the map
    assert len(substitutions) == 1
    for _again in range(3):
        assert body() == first
    assert len(built) == 3 and len(substitutions) == 1
    reflect = client.get("/courses/demo/lessons/reflect").get_data(as_text=True)
    # another body: its own pass, but its one reference (to charters) is already built
    assert 'href="/courses/demo/lessons/charters"' in reflect
    assert len(substitutions) == 2 and len(built) == 3


def test_a_reference_that_names_nothing_becomes_a_dead_link(app):
    with app.test_request_context("/"):
        html = '<a href="mooc:nothing/demo/x">a</a> <a href="mooc:lesson/demo">b</a>'
        assert links.expand(html) == '<a href="#">a</a> <a href="#">b</a>'
        for text in ("<p>mooc:lesson/demo/x in plain text</p>", '<p>a="mooc:lesson/demo/x"</p>'):
            assert links.expand(text) == text
        assert links.expand('<img src="mooc:media/demo/a%20b.svg">') == (
            '<img src="/courses/demo/media/a%20b.svg">'
        )


def test_urls_are_built_outside_requests_too(app):
    assert links.item_url("demo", "plan", "assignment") == "/courses/demo/assignments/plan"
    assert links.course_url("demo") == "/courses/demo/"


def test_a_new_render_version_renders_every_file_again(runner, tree, monkeypatch):
    second_edition(tree)
    sync(runner, tree)
    fresh = []
    original = render.Renderer.fresh
    monkeypatch.setattr(
        render.Renderer, "fresh", lambda self, *a: fresh.append(a) or original(self, *a)
    )
    result = sync(runner, tree)
    assert fresh == [] and "Nothing changed." in result.output
    monkeypatch.setattr(markdown, "RENDER_VERSION", "next")
    result = sync(runner, tree)
    assert len(fresh) == 20  # every file, once
    assert "Nothing changed." in result.output  # same HTML: no row rewritten


def test_links_in_the_assignment_brief_are_references(runner, tree):
    second_edition(tree)
    sync(runner, tree)
    texts = db.session.scalars(select(LessonTranslation.body_html)).all()
    assert any(
        'href="mooc:lesson/demo/intro"' in html and "Write one page" in html for html in texts
    )
