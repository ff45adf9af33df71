"""`flask content sync`: one transaction, no-op second run, archive and restore by id."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import inspect, select

from mooc.courses.content import apply as apply_module
from mooc.courses.models import Course, LearningPath, Lesson, LessonTranslation, Module
from mooc.extensions import db
from mooc.quizzes.models import Question, QuestionTranslation
from tests.trees import COURSE, MODULE, MODULE2

INTRO = f"{MODULE}/01-intro.md"


def sync(runner, tree):
    return runner.invoke(args=["content", "sync", str(tree.root)])


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, to compare the database before and after."""
    db.session.expire_all()
    tables = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).all()
        tables[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return tables


def lesson(slug: str) -> Lesson:
    db.session.expire_all()
    return db.session.scalar(select(Lesson).where(Lesson.slug == slug))


def test_first_sync_creates_everything(runner, tree):
    tree.baseline()
    result = sync(runner, tree)
    assert result.exit_code == 0, result.output
    assert "1 courses created" in result.output
    assert "3 lessons created, 0 updated, 0 archived, 0 unchanged" in result.output
    assert "1 quizzes created" in result.output
    course = db.session.scalar(select(Course))
    assert (course.slug, course.languages, course.sequential, course.hours) == (
        "demo",
        ["en", "fr"],
        True,
        2,
    )
    assert course.certificate == {
        "min_average": 70,
        "require_all_lessons": True,
        "require_assignments": False,
    }
    assert [m.slug for m in db.session.scalars(select(Module).order_by(Module.position))] == [
        "basics",
        "more",
    ]
    intro = lesson("intro")
    texts = {t.locale: t for t in intro.translations}
    assert set(texts) == {"en", "fr"}
    assert "<strong>community</strong>" in texts["en"].body_html
    # Stored as references the router turns into URLs when the page is served.
    assert 'src="mooc:media/demo/map.svg"' in texts["en"].body_html
    assert 'href="mooc:lesson/demo/charters"' in texts["en"].body_html
    assert 'href="mooc:quiz/demo/check#q"' in texts["en"].body_html
    assert lesson("charters").required is False
    quiz = lesson("check")
    assert (quiz.kind, quiz.pass_mark, quiz.max_attempts) == ("quiz", 70, 3)
    questions = db.session.scalars(
        select(Question).where(Question.lesson_id == quiz.id).order_by(Question.position)
    ).all()
    assert [(q.qid, q.kind, q.correct) for q in questions] == [
        ("adopted-by", "single", [1]),
        ("charters", "multiple", [0, 1]),
        ("forum-city", "short", []),
    ]
    assert questions[2].answers == ["gwangju", "광주"]  # pooled from both languages
    path = db.session.scalar(select(LearningPath))
    assert [step.course.slug for step in path.steps] == ["demo"]


def test_second_sync_changes_nothing_and_writes_nothing(runner, tree, count_queries):
    tree.baseline()
    sync(runner, tree)
    before = snapshot()
    with count_queries() as counter:
        result = sync(runner, tree)
    assert result.exit_code == 0
    assert "Nothing changed." in result.output
    assert "3 unchanged" in result.output
    assert counter.writes == []
    assert snapshot() == before


def test_an_error_anywhere_leaves_the_database_as_it_was(runner, tree, count_queries):
    tree.baseline()
    sync(runner, tree)
    before = snapshot()
    tree.replace(f"{MODULE2}/01-housing.md", "Housing is a right.", "Housing, rewritten.")
    tree.replace("paths/practitioner.md", "[demo]", "[nope]")
    with count_queries() as counter:
        result = sync(runner, tree)
    assert result.exit_code == 1
    assert "Nothing was changed" in result.output
    assert counter.writes == []
    assert snapshot() == before


def test_a_failure_halfway_through_the_writes_rolls_everything_back(runner, tree, monkeypatch):
    tree.baseline()
    sync(runner, tree)
    before = snapshot()
    tree.replace(INTRO, "community", "neighbourhood")
    tree.write(f"{MODULE2}/02-new.md", "---\ntitle: New\n---\n\nNew.\n")
    tree.write(f"{MODULE2}/02-new.fr.md", "---\ntitle: Nouveau\n---\n\nNouveau.\n")

    def explode(self):
        db.session.flush()  # the other writes have reached the database
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply_module.Applier, "save_cache", explode)
    result = sync(runner, tree)
    assert result.exit_code != 0
    assert snapshot() == before


def test_edits_update_only_what_changed(runner, tree):
    tree.baseline()
    sync(runner, tree)
    tree.replace(f"{MODULE}/01-intro.fr.md", "communauté", "collectivité")
    result = sync(runner, tree)
    assert "0 lessons created, 1 updated, 0 archived, 2 unchanged" in result.output
    texts = {t.locale: t.body_html for t in lesson("intro").translations}
    assert "collectivité" in texts["fr"]


def test_renumbering_and_moving_a_lesson_keeps_its_row(runner, tree):
    tree.baseline()
    sync(runner, tree)
    original = lesson("intro").id
    tree.move(INTRO, f"{MODULE}/05-intro.md")
    tree.move(f"{MODULE}/01-intro.fr.md", f"{MODULE}/05-intro.fr.md")
    assert sync(runner, tree).exit_code == 0
    assert lesson("intro").id == original
    assert lesson("intro").position == 2
    # Links to the lesson's old file name must be fixed first: the check finds none here.
    tree.move(f"{MODULE}/05-intro.md", f"{MODULE2}/02-intro.md")
    tree.move(f"{MODULE}/05-intro.fr.md", f"{MODULE2}/02-intro.fr.md")
    tree.replace(f"{MODULE2}/02-intro.md", "(02-charters.md)", "(../01-basics/02-charters.md)")
    tree.replace(f"{MODULE2}/02-intro.md", "(03-check.md#q)", "(../01-basics/03-check.md#q)")
    result = sync(runner, tree)
    assert result.exit_code == 0, result.output
    moved = lesson("intro")
    assert moved.id == original
    assert moved.module.slug == "more"


def test_removed_lesson_is_archived_and_restored_with_the_same_row(runner, tree):
    tree.baseline()
    sync(runner, tree)
    original = lesson("housing").id
    text = tree.read(f"{MODULE2}/01-housing.md")
    text_fr = tree.read(f"{MODULE2}/01-housing.fr.md")
    tree.remove(f"{MODULE2}/01-housing.md")
    tree.remove(f"{MODULE2}/01-housing.fr.md")
    result = sync(runner, tree)
    assert "0 lessons created, 0 updated, 1 archived, 2 unchanged" in result.output
    archived = lesson("housing")
    assert archived.id == original and archived.archived_at is not None
    tree.write(f"{MODULE2}/01-housing.md", text)
    tree.write(f"{MODULE2}/01-housing.fr.md", text_fr)
    result = sync(runner, tree)
    assert "1 restored" in result.output
    restored = lesson("housing")
    assert restored.id == original and restored.archived_at is None


def test_removed_course_is_archived_with_its_lessons(runner, tree):
    tree.baseline()
    sync(runner, tree)
    tree.replace("paths/practitioner.md", "courses: [demo]", "courses: [other]")
    tree.move(COURSE, "courses/02-other")
    tree.replace("courses/02-other/course.md", "title: Demo", "id: other\ntitle: Demo")
    result = sync(runner, tree)
    assert result.exit_code == 0, result.output
    demo = db.session.scalar(select(Course).where(Course.slug == "demo"))
    assert demo.archived_at is not None
    archived = db.session.scalars(select(Lesson).where(Lesson.course_id == demo.id)).all()
    assert archived and all(x.archived_at is not None for x in archived)


def test_question_removed_from_a_quiz_is_archived(runner, tree):
    tree.baseline()
    sync(runner, tree)
    for name in (f"{MODULE}/03-check.md", f"{MODULE}/03-check.fr.md"):
        head, _sep, _tail = tree.read(name).rpartition("\n## ")
        tree.write(name, head + "\n")
    result = sync(runner, tree)
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    question = db.session.scalar(select(Question).where(Question.qid == "forum-city"))
    assert question.archived_at is not None
    assert (
        db.session.scalar(
            select(QuestionTranslation).where(QuestionTranslation.question_id == question.id)
        )
        is not None
    )


def test_removed_translation_is_archived_not_deleted(runner, tree):
    tree.baseline()
    sync(runner, tree)
    tree.remove(f"{MODULE2}/01-housing.fr.md")
    sync(runner, tree)
    db.session.expire_all()
    rows = db.session.scalars(
        select(LessonTranslation).where(LessonTranslation.lesson_id == lesson("housing").id)
    ).all()
    assert {(r.locale, r.archived_at is None) for r in rows} == {("en", True), ("fr", False)}


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<iframe src="https://evil.example/"></iframe>',
    ],
)
def test_dangerous_html_never_reaches_the_page(runner, tree, client, learner, payload):
    tree.baseline()
    tree.replace(INTRO, "A human rights city", f"{payload}\n\nA human rights city")
    assert sync(runner, tree).exit_code == 0
    client.post("/courses/demo/enrol")
    page = client.get("/courses/demo/lessons/intro").get_data(as_text=True)
    lowered = page.lower()
    assert "<script>alert" not in lowered
    assert "onerror=" not in lowered
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", lowered)
    assert "<iframe" not in lowered


def test_iframes_from_the_allow_list_are_kept(app, runner, tree, client, learner):
    app.config["IFRAME_ALLOWED_HOSTS"] = ("video.example.org",)
    tree.baseline()
    tree.replace(
        INTRO,
        "A human rights city",
        '<iframe src="https://video.example.org/v/1" title="Talk"></iframe>\n'
        '<iframe src="https://evil.example/x"></iframe>\n\nA human rights city',
    )
    assert sync(runner, tree).exit_code == 0
    client.post("/courses/demo/enrol")
    page = client.get("/courses/demo/lessons/intro").get_data(as_text=True)
    assert 'src="https://video.example.org/v/1"' in page
    assert "evil.example" not in page


def test_schema_matches_models_after_sync(app, runner, tree):
    tree.baseline()
    sync(runner, tree)
    names = set(inspect(db.engine).get_table_names())
    assert {"courses", "lessons", "questions", "content_files"} <= names
