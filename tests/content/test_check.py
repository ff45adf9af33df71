"""`flask content check`: every rule of the authoring spec, with file, line and message."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mooc.courses.models import ContentFile, Course
from mooc.extensions import db
from tests.trees import COURSE, MODULE, MODULE2

INTRO = f"{MODULE}/01-intro.md"
QUIZ = f"{MODULE}/03-check.md"
QUIZ_FR = f"{MODULE}/03-check.fr.md"
LESSON = "---\ntitle: T\n---\n\nSome text.\n"


def quiz(body: str) -> str:
    return f"---\ntype: quiz\ntitle: Q\n---\n\n{body}"


def check(runner, tree):
    return runner.invoke(args=["content", "check", str(tree.root)])


def test_valid_tree_passes(runner, tree):
    tree.baseline()
    result = check(runner, tree)
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("0 errors, 0 warnings in 16 files.")


def test_bom_and_crlf_files_load(runner, tree):
    tree.baseline()
    for name in (INTRO, QUIZ, f"{COURSE}/course.md"):
        text = tree.read(name).replace("\n", "\r\n")
        tree.write(name, "\ufeff".encode() + text.encode())
    result = check(runner, tree)
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_check_never_touches_the_database(runner, tree):
    tree.baseline()
    check(runner, tree)
    assert db.session.scalar(select(func.count()).select_from(ContentFile)) == 0
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


# (id, edit of the baseline, file, line, a piece of the message)
ERRORS = [
    ("encoding", lambda t: t.write(INTRO, b"---\ntitle: \xff\n---\n"), INTRO, 2, "not valid UTF-8"),
    (
        "front-matter-missing",
        lambda t: t.write(INTRO, "title: x\n\ntext\n"),
        INTRO,
        1,
        "must start with front matter",
    ),
    (
        "front-matter-unclosed",
        lambda t: t.write(INTRO, "---\ntitle: x\n\ntext\n"),
        INTRO,
        1,
        "never closed",
    ),
    (
        "yaml",
        lambda t: t.write(INTRO, "---\nminutes: 3\ntitle: Check: this\n---\n\nx\n"),
        INTRO,
        3,
        "not valid YAML",
    ),
    (
        "not-mapping",
        lambda t: t.write(INTRO, "---\n- a\n- b\n---\n\nx\n"),
        INTRO,
        2,
        "must be 'key: value' lines",
    ),
    (
        "unknown-key",
        lambda t: t.replace(QUIZ, "pass_mark: 70", "pass_mak: 70"),
        QUIZ,
        4,
        "unknown key 'pass_mak' (did you mean 'pass_mark'?)",
    ),
    (
        "missing-key",
        lambda t: t.write(f"{MODULE2}/module.md", "---\nsummary: s\n---\n"),
        f"{MODULE2}/module.md",
        1,
        "required key 'title' is missing",
    ),
    (
        "bad-value",
        lambda t: t.replace(QUIZ, "pass_mark: 70", "pass_mark: 170"),
        QUIZ,
        4,
        "'pass_mark' must be a number from 0 to 100",
    ),
    (
        "bad-value-bool",
        lambda t: t.replace(f"{COURSE}/course.md", "sequential: true", "sequential: maybe"),
        f"{COURSE}/course.md",
        7,
        "'sequential' must be true or false",
    ),
    (
        "translation-key",
        lambda t: t.replace(f"{COURSE}/course.fr.md", "title:", "hours: 3\ntitle:"),
        f"{COURSE}/course.fr.md",
        2,
        "a translation may only set title, summary; move 'hours'",
    ),
    (
        "bad-id",
        lambda t: t.write(f"{MODULE}/04-Bad_Name.md", LESSON),
        f"{MODULE}/04-Bad_Name.md",
        1,
        "the id 'Bad_Name' is not valid",
    ),
    (
        "duplicate-lesson-id",
        lambda t: t.write(f"{MODULE2}/02-intro.md", LESSON),
        f"{MODULE2}/02-intro.md",
        1,
        f"the lesson id 'intro' is already used by {INTRO}",
    ),
    (
        "duplicate-course-id",
        lambda t: t.write("courses/02-demo/course.md", "---\ntitle: T\nsummary: S\n---\n"),
        "courses/02-demo/course.md",
        1,
        "the course id 'demo' is already used",
    ),
    (
        "translation-without-original",
        lambda t: t.write(f"{MODULE}/09-ghost.fr.md", LESSON),
        f"{MODULE}/09-ghost.fr.md",
        1,
        "has no default-language file 09-ghost.md",
    ),
    (
        "translation-id-mismatch",
        lambda t: t.replace(f"{MODULE}/01-intro.fr.md", "title:", "id: other\ntitle:"),
        f"{MODULE}/01-intro.fr.md",
        2,
        "says id 'other' but",
    ),
    (
        "translation-of-default",
        lambda t: t.write(f"{MODULE}/01-intro.en.md", LESSON),
        f"{MODULE}/01-intro.en.md",
        1,
        "'en' is the course's default language",
    ),
    (
        "unknown-language",
        lambda t: t.write(f"{MODULE}/01-intro.de.md", LESSON),
        f"{MODULE}/01-intro.de.md",
        1,
        "'de' is not one of the course's languages (en, fr)",
    ),
    ("no-courses-folder", lambda t: t.remove("courses"), "courses", 1, "has no 'courses' folder"),
    (
        "missing-course-file",
        lambda t: t.remove(f"{COURSE}/course.md"),
        f"{COURSE}/course.md",
        1,
        "has no course.md",
    ),
    (
        "missing-module-file",
        lambda t: t.remove(f"{MODULE2}/module.md"),
        f"{MODULE2}/module.md",
        1,
        "has no module.md",
    ),
    (
        "unexpected-markdown",
        lambda t: t.write(f"{COURSE}/notes.md", LESSON),
        f"{COURSE}/notes.md",
        1,
        "not part of the format here",
    ),
    (
        "path-unknown-course",
        lambda t: t.replace("paths/practitioner.md", "[demo]", "[demo, nope]"),
        "paths/practitioner.md",
        4,
        "lists the course 'nope', which is not in the content tree",
    ),
    (
        "path-duplicate-course",
        lambda t: t.replace("paths/practitioner.md", "[demo]", "[demo, demo]"),
        "paths/practitioner.md",
        4,
        "lists the course 'demo' twice",
    ),
    (
        "link-outside-course",
        lambda t: t.replace(INTRO, "../media/map.svg", "../../../x.svg"),
        INTRO,
        8,
        "'../../../x.svg' leaves the course folder",
    ),
    (
        "link-missing",
        lambda t: t.replace(INTRO, "../media/map.svg", "../media/nope.svg"),
        INTRO,
        8,
        "'../media/nope.svg' does not exist",
    ),
    (
        "link-missing-lesson",
        lambda t: t.replace(INTRO, "02-charters.md", "02-nope.md"),
        INTRO,
        10,
        "'02-nope.md' does not exist",
    ),
    (
        "link-not-lesson",
        lambda t: (
            t.write(f"{COURSE}/notes.txt", "x"),
            t.replace(INTRO, "02-charters.md", "../notes.txt"),
        ),
        INTRO,
        10,
        "is neither a file in media/ nor a lesson",
    ),
    (
        "quiz-no-questions",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("Just text.\n")),
        f"{MODULE}/04-q.md",
        5,
        "the quiz has no questions",
    ),
    (
        "question-empty-title",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("## {#x}\n\n= a\n")),
        f"{MODULE}/04-q.md",
        6,
        "question x has an empty heading",
    ),
    (
        "question-bad-id",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("## Q? {#Bad_ID}\n\n= a\n")),
        f"{MODULE}/04-q.md",
        6,
        "question id 'Bad_ID' is not valid",
    ),
    (
        "question-duplicate-id",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("## A {#x}\n\n= a\n\n## B {#x}\n\n= b\n")),
        f"{MODULE}/04-q.md",
        10,
        "question id 'x' is used twice",
    ),
    (
        "question-no-answers",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("## Q?\n\nJust text.\n")),
        f"{MODULE}/04-q.md",
        6,
        "question 'q1' has no choices",
    ),
    (
        "question-mixed",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("## Q?\n\n- [x] a\n- [ ] b\n\n= a\n")),
        f"{MODULE}/04-q.md",
        11,
        "question 'q1' has both choices and '=' answers",
    ),
    (
        "question-two-lists",
        lambda t: t.write(
            f"{MODULE}/04-q.md", quiz("## Q?\n\n- [x] a\n- [ ] b\n\ntext\n\n- [ ] c\n- [x] d\n")
        ),
        f"{MODULE}/04-q.md",
        13,
        "more than one list of choices",
    ),
    (
        "question-mixed-list",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("## Q?\n\n- [x] a\n- b\n")),
        f"{MODULE}/04-q.md",
        8,
        "every item of the list of choices must start with '[ ]'",
    ),
    (
        "question-no-correct",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("## Q?\n\n- [ ] a\n- [ ] b\n")),
        f"{MODULE}/04-q.md",
        6,
        "has no correct choice",
    ),
    (
        "question-one-option",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("## Q?\n\n- [x] a\n")),
        f"{MODULE}/04-q.md",
        6,
        "has only one choice",
    ),
    (
        "question-answer-lines",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("## Q?\n\nThe city:\n= Gwangju\n")),
        f"{MODULE}/04-q.md",
        8,
        "put a blank line before the first '=' line",
    ),
    (
        "question-empty-answer",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("## Q?\n\n=\n= a\n")),
        f"{MODULE}/04-q.md",
        8,
        "has an '=' line with no answer",
    ),
    (
        "question-content-after",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("## Q?\n\n= a\n\nMore text.\n")),
        f"{MODULE}/04-q.md",
        10,
        "has text after its answers",
    ),
    (
        "option-empty",
        lambda t: t.write(f"{MODULE}/04-q.md", quiz("## Q?\n\n- [x]\n- [ ] b\n")),
        f"{MODULE}/04-q.md",
        8,
        "has an empty choice",
    ),
    (
        "quiz-translation-count",
        lambda t: t.write(QUIZ_FR, t.read(QUIZ_FR).split("## Quelle")[0]),
        QUIZ_FR,
        1,
        "has 2 questions but",
    ),
    (
        "quiz-translation-question",
        lambda t: t.replace(QUIZ_FR, "{#charters}", "{#chartes}"),
        QUIZ_FR,
        14,
        "question 2 is 'chartes' here but 'charters'",
    ),
    (
        "quiz-translation-options",
        lambda t: t.replace(QUIZ_FR, "- [ ] Le Parlement européen\n", ""),
        QUIZ_FR,
        5,
        "question 'adopted-by' differs from",
    ),
    (
        "quiz-translation-correct",
        lambda t: t.replace(QUIZ_FR, "- [ ] Le Nouvel", "- [x] Le Nouvel"),
        QUIZ_FR,
        14,
        "correct choices a, b, c instead of a, b",
    ),
    (
        "quiz-translation-kind",
        lambda t: t.replace(QUIZ_FR, "= Gwangju\n= 광주", "- [x] Gwangju\n- [ ] Séoul"),
        QUIZ_FR,
        23,
        "one has choices, the other '=' answers",
    ),
]


@pytest.mark.parametrize(
    ("edit", "path", "line", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in ERRORS],
)
def test_each_error_names_file_line_and_problem(runner, tree, edit, path, line, message):
    tree.baseline()
    edit(tree)
    result = check(runner, tree)
    assert result.exit_code == 1, result.output
    prefix = f"{tree.root}/{path}:{line}: error: "
    lines = [x for x in result.output.splitlines() if x.startswith(prefix)]
    assert any(message in x for x in lines), result.output


WARNINGS = [
    (
        "missing-translation",
        lambda t: t.remove(f"{MODULE2}/01-housing.fr.md"),
        f"{MODULE2}/01-housing.md",
        1,
        "no 'fr' translation (01-housing.fr.md)",
    ),
    (
        "image-no-alt",
        lambda t: t.replace(INTRO, "![Map of the cities]", "![]"),
        INTRO,
        8,
        "the image '../media/map.svg' has no alt text",
    ),
    (
        "empty-lesson",
        lambda t: t.write(f"{MODULE2}/01-housing.md", "---\ntitle: Housing\n---\n"),
        f"{MODULE2}/01-housing.md",
        4,
        "the lesson has no text",
    ),
    (
        "question-no-feedback",
        lambda t: t.replace(QUIZ, "> Gwangju hosts it every year.\n", ""),
        QUIZ,
        30,
        "question 'forum-city' has no explanation",
    ),
    (
        "ignored-file",
        lambda t: t.write(f"{MODULE}/photo.png", b"x"),
        f"{MODULE}/photo.png",
        1,
        "'photo.png' is not part of the content format",
    ),
]


@pytest.mark.parametrize(
    ("edit", "path", "line", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in WARNINGS],
)
def test_each_warning_names_file_line_and_problem(runner, tree, edit, path, line, message):
    tree.baseline()
    edit(tree)
    result = check(runner, tree)
    assert result.exit_code == 0, result.output
    prefix = f"{tree.root}/{path}:{line}: warning: "
    assert any(x.startswith(prefix) and message in x for x in result.output.splitlines()), (
        result.output
    )
    assert "0 errors, 1 warning" in result.output


def test_every_problem_is_reported_not_only_the_first(runner, tree):
    tree.baseline()
    tree.replace(QUIZ, "pass_mark: 70", "pass_mak: 70")
    tree.replace(INTRO, "../media/map.svg", "../media/nope.svg")
    tree.write(f"{MODULE2}/02-intro.md", LESSON)
    tree.replace("paths/practitioner.md", "[demo]", "[nope]")
    tree.remove(f"{MODULE2}/01-housing.fr.md")
    result = check(runner, tree)
    assert result.exit_code == 1
    assert "4 errors, 2 warnings in" in result.output
    for piece in ("pass_mak", "nope.svg", "'intro' is already used", "'nope'", "01-housing.fr.md"):
        assert piece in result.output


def test_messages_follow_the_shell_language(runner, tree, monkeypatch):
    tree.baseline()
    tree.replace(QUIZ, "pass_mark: 70", "pass_mark: 170")
    monkeypatch.setenv("MOOC_LANGUAGE", "fr")
    result = check(runner, tree)
    assert result.exit_code == 1
    assert "doit être" in result.output
    assert "1 erreur" in result.output


def test_missing_folder_is_a_clear_failure(runner, tmp_path):
    result = runner.invoke(args=["content", "check", str(tmp_path / "nope")])
    assert result.exit_code != 0
    assert "nope" in result.output
