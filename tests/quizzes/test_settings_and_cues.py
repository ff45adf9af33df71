"""Quiz front matter `shuffle`, `draw`, `review` (checked, stored), and the cue warnings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mooc.courses.models import Lesson
from mooc.extensions import db
from mooc.quizzes.cues import text_length
from tests.trees import MODULE

QUIZ = f"{MODULE}/03-check.md"
QUIZ_FR = f"{MODULE}/03-check.fr.md"
CUED = f"{MODULE}/04-cued.md"


def check(runner, tree):
    return runner.invoke(args=["content", "check", str(tree.root)])


def lines_of(result, severity: str) -> list[str]:
    return [x for x in result.output.splitlines() if f": {severity}: " in x]


def quiz_row() -> Lesson:
    db.session.expire_all()
    return db.session.scalar(select(Lesson).where(Lesson.slug == "check"))


def test_defaults_are_stored_on_the_quiz(runner, synced):
    row = quiz_row()
    assert (row.shuffle, row.draw, row.review) == (True, None, "after-pass")
    intro = db.session.scalar(select(Lesson).where(Lesson.slug == "intro"))
    assert (intro.shuffle, intro.draw, intro.review) == (None, None, None)


def test_settings_are_stored_and_updated(runner, synced):
    synced.replace(
        QUIZ, "max_attempts: 3", "max_attempts: 3\nshuffle: false\ndraw: 2\nreview: always"
    )
    result = runner.invoke(args=["content", "sync", str(synced.root)])
    assert "1 updated" in result.output.split("quizzes")[1].split("\n")[0]
    row = quiz_row()
    assert (row.shuffle, row.draw, row.review) == (False, 2, "always")
    synced.replace(QUIZ, "review: always", "review: never")
    runner.invoke(args=["content", "sync", str(synced.root)])
    assert quiz_row().review == "never"


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("draw: 4", "'draw' must be a whole number from 1 to 3 (the number of questions)"),
        ("draw: 0", "'draw' must be a whole number from 1 to the number of questions"),
        ("draw: two", "'draw' must be a whole number from 1 to the number of questions"),
        ("review: sometimes", "'review' must be after-pass, always or never"),
        ("shuffle: maybe", "'shuffle' must be true or false"),
        ("shufle: false", "unknown key 'shufle' (did you mean 'shuffle'?)"),
    ],
)
def test_bad_settings_are_errors_on_their_line(runner, tree, setting, message):
    tree.baseline()
    tree.replace(QUIZ, "max_attempts: 3", f"max_attempts: 3\n{setting}")
    result = check(runner, tree)
    assert result.exit_code == 1
    assert any(f"{QUIZ}:6: error: " in x and message in x for x in lines_of(result, "error")), (
        result.output
    )


def test_a_translation_may_not_set_quiz_settings(runner, tree):
    tree.baseline()
    tree.replace(QUIZ_FR, "title:", "shuffle: false\ntitle:")
    result = check(runner, tree)
    assert f"{QUIZ_FR}:2: error: a translation may only set title; move 'shuffle'" in result.output


def test_draw_equal_to_the_number_of_questions_is_fine(runner, tree):
    tree.baseline()
    tree.replace(QUIZ, "max_attempts: 3", "max_attempts: 3\ndraw: 3")
    assert check(runner, tree).exit_code == 0


def question(qid: str, options: list[str], correct: list[int]) -> str:
    """A question with feedback on every option (so that only cues can warn)."""
    items = "".join(
        f"- [{'x' if i in correct else ' '}] {text}\n  Feedback.\n"
        for i, text in enumerate(options)
    )
    return f"## Question {qid}? {{#{qid}}}\n\n{items}\n"


def cued_quiz(*questions: str, settings: str = "") -> str:
    return f"---\ntype: quiz\ntitle: Cued\n{settings}---\n\nIntro.\n\n" + "".join(questions)


def cue_check(runner, tree, text: str):
    tree.baseline()
    tree.write(CUED, text)
    tree.write(
        CUED.replace(".md", ".fr.md"),
        text.replace("type: quiz\n", "").replace("shuffle: false\n", ""),
    )
    result = check(runner, tree)
    assert result.exit_code == 0, result.output
    return [x for x in lines_of(result, "warning") if "04-cued" in x]


LONG = ["Short", "Tiny", "The right answer, much longer"]


def test_longest_correct_in_most_single_choice_questions_warns(runner, tree):
    found = cue_check(
        runner,
        tree,
        cued_quiz(
            question("a", LONG, [2]),
            question("b", ["Abc", "The longest one of all", "Xyz"], [1]),
            question("c", ["Longer than the right one", "Right", "No"], [1]),
        ),
    )
    assert len(found) == 2  # the file and its translation: each language is read on its own
    mine = next(x for x in found if f"{CUED}:" in x)
    assert f"{CUED}:8: warning: in 2 of the 3 single-choice questions (a, b) the correct" in mine
    assert "make the wrong choices as long and as precise as the right one" in mine


@pytest.mark.parametrize(
    "questions",
    [
        # one of three: not most
        [("a", LONG, [2]), ("b", ["Right", "Longer wrong one"], [0]), ("c", ["No", "Yes"], [0])],
        # two of two, but fewer than three single-choice questions
        [("a", LONG, [2]), ("b", LONG, [2]), ("m", ["x", "y", "z", "w"], [0, 1])],
        # ties are no cue
        [("a", ["Same", "Same", "Same"], [0]), ("b", ["Abcd", "Efgh"], [1]), ("c", LONG, [2])],
        # markup is not text: the link's address does not make the right choice long
        [
            ("a", ["[UCLG](https://www.uclg.org/en/a/very/long/address)", "A wrong one"], [0]),
            ("b", ["**Yes**", "Maybe not"], [0]),
            ("c", LONG, [2]),
        ],
    ],
    ids=["one-of-three", "two-questions", "ties", "markup"],
)
def test_no_longest_cue_otherwise(runner, tree, questions):
    found = cue_check(runner, tree, cued_quiz(*(question(*q) for q in questions)))
    assert not [x for x in found if "is the longest" in x], found


EVEN = ["Aaa", "Bbb", "Ccc", "Ddd"]


def test_same_position_with_shuffle_false_warns(runner, tree):
    questions = [question("a", EVEN, [1]), question("b", EVEN, [1]), question("c", EVEN, [3])]
    found = cue_check(runner, tree, cued_quiz(*questions, settings="shuffle: false\n"))
    assert len(found) == 1  # positions are the same in every language: once
    assert (
        f"{CUED}:9: warning: with 'shuffle: false', the correct choice is choice b in 2 of"
        in (found[0])
    )


def test_same_position_is_no_cue_when_choices_are_shuffled_or_spread(runner, tree):
    questions = [question("a", EVEN, [1]), question("b", EVEN, [1]), question("c", EVEN, [1])]
    assert cue_check(runner, tree, cued_quiz(*questions)) == []
    spread = [question("a", EVEN, [0]), question("b", EVEN, [1]), question("c", EVEN, [2])]
    assert cue_check(runner, tree, cued_quiz(*spread, settings="shuffle: false\n")) == []


def test_select_all_with_a_single_wrong_choice_warns(runner, tree):
    found = cue_check(
        runner,
        tree,
        cued_quiz(
            question("one-wrong", EVEN, [0, 1, 2]),
            question("none-wrong", EVEN[:2], [0, 1]),
            question("two-wrong", EVEN, [0, 1]),
        ),
    )
    assert len(found) == 2
    assert f"{CUED}:8: warning: in the 'select all' question 'one-wrong', 3 of the 4" in found[0]
    assert "'none-wrong', 2 of the 2 choices are correct" in found[1]
    assert "add at least two plausible wrong choices" in found[0]


def test_cue_warnings_come_back_from_the_sync_cache(runner, tree):
    tree.baseline()
    tree.write(CUED, cued_quiz(*(question(q, EVEN, [0, 1, 2]) for q in "ab")))
    tree.write(
        CUED.replace(".md", ".fr.md"),
        "---\ntitle: C\n---\n\n" + "".join(question(q, EVEN, [0, 1, 2]) for q in "ab"),
    )
    for _run in range(2):
        result = runner.invoke(args=["content", "sync", str(tree.root)])
        assert result.exit_code == 0
        assert "0 errors, 2 warnings" in result.output


def test_length_is_counted_on_text_without_markup():
    assert text_length("<strong>Yes</strong> &amp; <em>no</em>") == len("Yes & no")
    assert text_length('<a href="https://example.org/very/long">UCLG</a>') == 4
    assert text_length("  two \n words ") == len("two words")
