"""The quiz parser: question types, feedback, explanations, and robustness on any input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mooc.courses.content.problems import ContentError
from mooc.quizzes.parser import normalize_answer, parse_quiz

QUIZ = """Intro *text*.

## Which body adopted it? {#adopted-by}

Some context.

- [ ] The UN General Assembly
  The General Assembly has adopted no charter on cities.
- [x] The UCLG **World Council**
- [ ] The European Parliament

> Adopted in Florence.

## Which are charters?

- [x] Montréal
- [X] Gwangju
- [ ] New Urban Agenda
  No.

> Two of them.

## The city? {#city}

= Gwangju
=   광주

> Gwangju.
"""


def test_three_question_types_with_feedback_and_explanations():
    quiz = parse_quiz(QUIZ)
    assert "<em>text</em>" in quiz.intro_html
    first, second, third = quiz.questions
    assert (first.qid, first.kind, first.correct) == ("adopted-by", "single", [1])
    assert first.title == "Which body adopted it?"
    assert "Some context." in first.body_html
    assert first.options[0].feedback_html == (
        "<p>The General Assembly has adopted no charter on cities.</p>"
    )
    assert first.options[1].html == "The UCLG <strong>World Council</strong>"
    assert first.options[1].feedback_html == ""
    assert "Adopted in Florence." in first.explanation_html
    assert (second.qid, second.kind, second.correct) == ("q2", "multiple", [0, 1])
    assert third.kind == "short"
    assert third.key()["answers"] == ["gwangju", "광주"]
    assert quiz.problems == []


def test_answers_are_normalised_with_nfkc_case_folding_and_spaces():
    assert normalize_answer("  ＧＷＡＮＧＪＵ   City ") == "gwangju city"
    assert normalize_answer("STRASSE") == normalize_answer("straße")


def test_errors_are_collected_together():
    with pytest.raises(ContentError) as caught:
        parse_quiz("## A {#x}\n\n- [ ] a\n- [ ] b\n\n## B {#x}\n\n- [x] only\n")
    codes = sorted(p.code for p in caught.value.problems)
    assert codes == ["question-duplicate-id", "question-no-correct", "question-one-option"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(list("#-[]xX=> {}\n\t*_`abc1é광|!()") + ["## ", "- [ ] ", "\n= ", "  "]),
        max_size=120,
    ).map("".join)
    | st.text(max_size=300)
)
def test_any_text_gives_a_quiz_or_a_content_error(text):
    try:
        quiz = parse_quiz(text)
    except ContentError as error:
        assert error.problems and all(p.is_error for p in error.problems)
    else:
        assert quiz.questions
