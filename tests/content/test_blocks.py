"""`::: reflection` and `::: facilitator` blocks: checked with file and line, stored by id."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mooc.courses.models import (
    Lesson,
    LessonTranslation,
    ModuleTranslation,
    ReflectionPrompt,
    ReflectionPromptTranslation,
)
from mooc.extensions import db
from tests.trees import MODULE, MODULE2, QUIZ, REFLECT, second_edition

REFLECT_FR = REFLECT.replace(".md", ".fr.md")
HOUSING = f"{MODULE2}/01-housing.md"
HOUSING_FR = f"{MODULE2}/01-housing.fr.md"
NEW = f"{MODULE2}/02-new.md"


def lesson(body: str) -> str:
    """A lesson file whose body starts at line 5."""
    return f"---\ntitle: T\n---\n\n{body}"


def check(runner, tree):
    return runner.invoke(args=["content", "check", str(tree.root)])


def sync(runner, tree):
    result = runner.invoke(args=["content", "sync", str(tree.root)])
    db.session.expire_all()
    return result


# (id, edit of the second-edition tree, file, line, a piece of the message)
ERRORS = [
    (
        "block-unclosed",
        lambda t: t.write(NEW, lesson("Text.\n\n::: reflection {#x}\nPrompt?\n")),
        NEW,
        7,
        "the '::: reflection' block that starts here is never closed",
    ),
    (
        "block-unknown",
        lambda t: t.write(NEW, lesson("::: refelction {#x}\nPrompt?\n:::\n")),
        NEW,
        5,
        "unknown block '::: refelction' (did you mean 'reflection'?)",
    ),
    (
        "block-bad-opening",
        lambda t: t.write(NEW, lesson("Text.\n\n::: reflection #x\nPrompt?\n:::\n")),
        NEW,
        7,
        "'::: reflection #x' is not a block opening",
    ),
    (
        "block-bad-opening-facilitator",
        lambda t: t.write(NEW, lesson("::: facilitator {#x}\nNote.\n:::\n")),
        NEW,
        5,
        "'::: facilitator {#x}' is not a block opening",
    ),
    (
        "block-nested",
        lambda t: t.write(
            NEW, lesson("::: facilitator\nA.\n\n::: reflection {#x}\nB?\n:::\n:::\n")
        ),
        NEW,
        8,
        "this '::: reflection' block is inside another block, a list or a quote",
    ),
    (
        "block-nested-in-list",
        lambda t: t.write(NEW, lesson("- item\n\n  ::: facilitator\n  Secret.\n  :::\n")),
        NEW,
        7,
        "this '::: facilitator' block is inside another block",
    ),
    (
        "block-stray-close",
        lambda t: t.write(NEW, lesson("Text.\n\n:::\n")),
        NEW,
        7,
        "this ':::' line closes no block",
    ),
    (
        "block-footnote",
        lambda t: t.write(NEW, lesson("::: reflection {#x}\nPrompt[^1]?\n\n[^1]: A note.\n:::\n")),
        NEW,
        8,
        "the footnote '[^1]: …' is defined inside a '::: reflection' block",
    ),
    (
        "facilitator-footnote",
        lambda t: t.write(
            NEW, lesson("Text[^1].\n\n[^1]: A note.\n\n::: facilitator\nSee[^1].\n:::\n")
        ),
        NEW,
        10,
        "a facilitator note cannot use the footnote '[^1]'",
    ),
    (
        "facilitator-not-here",
        lambda t: t.replace(
            "paths/practitioner.md", "Follow", "::: facilitator\nNote.\n:::\n\nFollow"
        ),
        "paths/practitioner.md",
        8,
        "facilitator notes cannot be in a learning path",
    ),
    (
        "reflection-not-here-quiz",
        lambda t: t.replace(QUIZ, "Answer the questions.", "::: reflection {#q}\nWhy?\n:::"),
        QUIZ,
        8,
        "a reflection cannot be in a quiz",
    ),
    (
        "reflection-not-here-assignment",
        lambda t: t.replace(
            f"{MODULE}/05-plan.md", "Write one page", "::: reflection {#q}\nWhy?\n:::\n\nWrite"
        ),
        f"{MODULE}/05-plan.md",
        9,
        "a reflection cannot be in an assignment",
    ),
    (
        "reflection-no-id",
        lambda t: t.write(NEW, lesson("::: reflection\nPrompt?\n:::\n")),
        NEW,
        5,
        "this reflection has no id; write its first line as '::: reflection {#an-id}'",
    ),
    (
        "reflection-bad-id",
        lambda t: t.write(NEW, lesson("::: reflection {#Bad_Id}\nPrompt?\n:::\n")),
        NEW,
        5,
        "the reflection id 'Bad_Id' is not valid",
    ),
    (
        "reflection-duplicate-id",
        lambda t: t.write(HOUSING, lesson("Text.\n\n::: reflection {#first-step}\nP?\n:::\n")),
        HOUSING,
        7,
        f"the reflection id 'first-step' is already used in {REFLECT} (line 7)",
    ),
    (
        "reflection-empty",
        lambda t: t.write(NEW, lesson("Text.\n\n::: reflection {#x}\n:::\n")),
        NEW,
        7,
        "the reflection 'x' has no prompt",
    ),
    (
        "reflection-translation-order",
        lambda t: (
            t.replace(REFLECT_FR, "{#first-step}", "{#tmp}"),
            t.replace(REFLECT_FR, "{#second-step}", "{#first-step}"),
            t.replace(REFLECT_FR, "{#tmp}", "{#second-step}"),
        ),
        REFLECT_FR,
        7,
        f"the reflections here (second-step, first-step) are not those of {REFLECT} "
        "(first-step, second-step)",
    ),
    (
        "reflection-translation-missing",
        lambda t: t.replace(
            REFLECT_FR, "::: reflection {#second-step}\nQui appelleriez-vous en premier ?\n:::", ""
        ),
        REFLECT_FR,
        1,
        "the reflections here (first-step) are not those of",
    ),
]


@pytest.mark.parametrize(
    ("edit", "path", "line", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in ERRORS],
)
def test_each_block_error_names_file_line_and_what_to_do(runner, tree, edit, path, line, message):
    second_edition(tree)
    edit(tree)
    result = check(runner, tree)
    assert result.exit_code == 1, result.output
    prefix = f"{tree.root}/{path}:{line}: error: "
    assert any(x.startswith(prefix) and message in x for x in result.output.splitlines()), (
        result.output
    )


def test_the_second_edition_tree_passes_with_free_facilitator_notes_in_translations(runner, tree):
    second_edition(tree)
    result = check(runner, tree)
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings in 20 files." in result.output


def test_block_errors_are_translated(runner, tree, monkeypatch):
    second_edition(tree)
    tree.write(NEW, lesson("::: reflection\nPrompt?\n:::\n"))
    monkeypatch.setenv("MOOC_LANGUAGE", "es")
    result = check(runner, tree)
    assert "esta reflexión no tiene id" in result.output.lower(), result.output


def prompts() -> dict[str, ReflectionPrompt]:
    return {p.slug: p for p in db.session.scalars(select(ReflectionPrompt))}


def prompt_texts(prompt: ReflectionPrompt) -> dict[str, ReflectionPromptTranslation]:
    rows = db.session.scalars(
        select(ReflectionPromptTranslation).where(
            ReflectionPromptTranslation.prompt_id == prompt.id
        )
    )
    return {row.locale: row for row in rows}


def item(slug: str) -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == slug))


def test_sync_stores_prompts_by_id_with_their_place_and_texts(runner, tree):
    second_edition(tree)
    result = sync(runner, tree)
    assert result.exit_code == 0, result.output
    assert "3 reflections created, 0 updated, 0 archived, 0 unchanged" in result.output
    found = prompts()
    assert [(p.slug, p.position, p.host) for p in sorted(found.values(), key=lambda p: p.position)]
    assert [(p.slug, p.host) for p in sorted(found.values(), key=lambda p: p.position)] == [
        ("module-hope", "module"),
        ("first-step", "lesson"),
        ("second-step", "lesson"),
    ]
    first = found["first-step"]
    assert first.lesson.slug == "reflect" and first.module.slug == "basics"
    assert found["module-hope"].lesson is None and found["module-hope"].module.slug == "basics"
    texts = prompt_texts(first)
    assert set(texts) == {"en", "fr"}
    assert "<strong>human rights desk</strong>" in texts["en"].prompt_html
    assert 'href="mooc:lesson/demo/charters"' in texts["en"].prompt_html
    assert "bureau des droits" in texts["fr"].prompt_html


def test_the_body_keeps_a_placeholder_per_prompt_and_no_facilitator_note(runner, tree):
    from mooc.courses import reflections

    second_edition(tree)
    sync(runner, tree)
    text = db.session.scalar(
        select(LessonTranslation).where(
            LessonTranslation.lesson_id == item("reflect").id, LessonTranslation.locale == "en"
        )
    )
    assert reflections.placeholders(text.body_html) == ["first-step", "second-step"]
    assert "FACILITATOR" not in text.body_html
    assert "FACILITATOR-LESSON-NOTE" in text.facilitator_html
    assert 'class="facilitator-note"' in text.facilitator_html
    assert text.body_html.index("before the prompts") < text.body_html.index("first-step")
    assert text.body_html.index("between the prompts") < text.body_html.index("second-step")
    injected = reflections.inject(text.body_html, lambda slug: f"<form id='answer-{slug}'></form>")
    assert injected.index("human rights desk") < injected.index("answer-first-step")
    assert injected.index("answer-first-step") < injected.index("between the prompts")
    assert "answer-second-step" in injected
    assert reflections.inject("<p>No prompt</p>", lambda slug: "x") == "<p>No prompt</p>"
    modules = db.session.scalars(select(ModuleTranslation)).all()
    assert any("FACILITATOR-MODULE-NOTE" in m.facilitator_html for m in modules)
    assert all("FACILITATOR" not in m.body_html for m in modules)


def test_authors_cannot_forge_a_placeholder_or_a_slot(runner, tree):
    from mooc.courses import reflections

    second_edition(tree)
    tree.replace(
        f"{MODULE2}/01-housing.md",
        "Housing is a right.",
        '<section data-reflection="x" class="reflection">Fake</section>\n\n'
        "<!--reflection:first-step-->\n\nHousing is a right.",
    )
    assert sync(runner, tree).exit_code == 0
    text = db.session.scalar(
        select(LessonTranslation).where(
            LessonTranslation.lesson_id == item("housing").id, LessonTranslation.locale == "en"
        )
    )
    assert "data-reflection" not in text.body_html
    assert reflections.placeholders(text.body_html) == []
    assert reflections.inject(text.body_html, lambda slug: "INJECTED") == text.body_html


def test_rewording_a_prompt_keeps_its_row(runner, tree):
    second_edition(tree)
    sync(runner, tree)
    before = prompts()["first-step"].id
    tree.replace(REFLECT, "which office would host", "which department would host")
    result = sync(runner, tree)
    assert "0 reflections created, 1 updated, 0 archived, 2 unchanged" in result.output
    prompt = prompts()["first-step"]
    assert prompt.id == before
    assert "which department" in prompt_texts(prompt)["en"].prompt_html


def test_moving_a_prompt_to_another_lesson_keeps_its_row(runner, tree):
    second_edition(tree)
    sync(runner, tree)
    before = prompts()["second-step"].id
    for source, target in ((REFLECT, HOUSING), (REFLECT_FR, HOUSING_FR)):
        block = tree.read(source)[tree.read(source).index("::: reflection {#second-step}") :]
        block = block[: block.index(":::\n", 5) + 4]
        tree.replace(source, block, "")
        tree.write(target, tree.read(target) + "\n" + block)
    result = sync(runner, tree)
    assert result.exit_code == 0, result.output
    moved = prompts()["second-step"]
    assert moved.id == before
    assert moved.lesson.slug == "housing" and moved.module.slug == "more"
    assert "Qui appelleriez-vous" in prompt_texts(moved)["fr"].prompt_html


def test_renumbering_retitling_and_archiving_a_lesson_keep_prompt_rows(runner, tree):
    second_edition(tree)
    sync(runner, tree)
    ids = {slug: p.id for slug, p in prompts().items()}
    tree.move(REFLECT, f"{MODULE}/09-reflect.md")
    tree.move(REFLECT_FR, f"{MODULE}/09-reflect.fr.md")
    tree.replace(f"{MODULE}/09-reflect.md", "title: Reflect", "title: Think it over")
    assert sync(runner, tree).exit_code == 0
    assert {slug: p.id for slug, p in prompts().items()} == ids
    saved = {
        name: tree.read(name) for name in (f"{MODULE}/09-reflect.md", f"{MODULE}/09-reflect.fr.md")
    }
    for name in saved:
        tree.remove(name)
    result = sync(runner, tree)
    assert "0 reflections created, 0 updated, 2 archived, 1 unchanged" in result.output
    archived = prompts()
    assert archived["first-step"].archived_at is not None
    assert archived["module-hope"].archived_at is None
    assert prompt_texts(archived["first-step"])  # texts kept with the archived row
    for name, text in saved.items():
        tree.write(name, text)
    result = sync(runner, tree)
    assert "2 restored" in result.output.split("reflections")[1].split("\n")[0]
    restored = prompts()
    assert {slug: p.id for slug, p in restored.items()} == ids
    assert restored["first-step"].archived_at is None
    assert restored["first-step"].lesson.archived_at is None


def test_removed_prompt_is_archived_and_comes_back(runner, tree):
    second_edition(tree)
    sync(runner, tree)
    before = prompts()["module-hope"].id
    saved = {name: tree.read(name) for name in (f"{MODULE}/module.md", f"{MODULE}/module.fr.md")}
    for name, text in saved.items():
        tree.write(name, text[: text.index("::: reflection")])
    sync(runner, tree)
    assert prompts()["module-hope"].archived_at is not None
    for name, text in saved.items():
        tree.write(name, text)
    result = sync(runner, tree)
    # its return moves the two prompts after it back one place (positions are course-wide)
    assert "0 reflections created, 2 updated, 1 restored, 0 archived" in result.output
    assert prompts()["module-hope"].id == before
    assert prompts()["module-hope"].archived_at is None


def test_a_removed_translation_archives_its_prompt_texts(runner, tree):
    second_edition(tree)
    sync(runner, tree)
    tree.remove(REFLECT_FR)
    assert sync(runner, tree).exit_code == 0
    texts = prompt_texts(prompts()["first-step"])
    assert texts["fr"].archived_at is not None and texts["en"].archived_at is None


def test_a_prompt_in_course_md_belongs_to_the_course(runner, tree):
    second_edition(tree)
    for name in ("courses/01-demo/course.md", "courses/01-demo/course.fr.md"):
        tree.write(
            name, tree.read(name) + "\n::: reflection {#expectations}\nWhy this course?\n:::\n"
        )
    assert sync(runner, tree).exit_code == 0
    found = prompts()
    assert found["expectations"].host == "course"
    assert found["expectations"].position == 0
    assert found["module-hope"].position == 1


def test_prompts_read_in_the_reader_language_with_links_expanded(app, runner, tree):
    from mooc.courses import reflections

    second_edition(tree)
    sync(runner, tree)
    course_id = item("reflect").course_id
    with app.test_request_context("/"):
        found = reflections.prompts(course_id, "fr", "en")
        english = reflections.prompts(course_id, "es", "en")
    assert [p.prompt.slug for p in found] == ["module-hope", "first-step", "second-step"]
    assert "bureau des droits" in found[1].html and not found[1].fallback
    assert 'href="/courses/demo/lessons/charters"' in english[1].html and english[1].fallback


def test_a_second_sync_of_the_second_edition_changes_and_renders_nothing(
    runner, tree, count_queries, monkeypatch
):
    from mooc.courses.content import render
    from tests.content.test_sync import snapshot

    second_edition(tree)
    sync(runner, tree)
    before = snapshot()
    rendered = []
    original = render.Renderer.fresh
    monkeypatch.setattr(
        render.Renderer, "fresh", lambda self, *a: rendered.append(a) or original(self, *a)
    )
    with count_queries() as counter:
        result = sync(runner, tree)
    assert result.exit_code == 0
    assert "Nothing changed." in result.output
    assert "0 reflections created, 0 updated, 0 archived, 3 unchanged" in result.output
    assert rendered == []
    assert counter.writes == []
    # the rows of each table once, whatever the number of files, prompts and criteria
    assert counter.count <= 16, counter.statements
    assert snapshot() == before
