"""`content check` of assignments: the brief, criteria, levels, settings and translations."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mooc.assignments.parser import parse_assignment
from mooc.courses.content.problems import ContentError
from tests.trees import COURSE, PLAN, second_edition

WORK = "courses/01-demo/02-more/02-work.md"
PLAN_FR = PLAN.replace(".md", ".fr.md")


def assignment(body: str, head: str = "") -> str:
    """An assignment file whose body starts at line 5 (blank), then `body` from line 6."""
    return f"---\ntype: assignment\ntitle: A\n{head}---\n\n{body}"


def criterion(levels: str = "- 0 Not yet.\n- 1 Yes.\n", head: str = "## Is it there? {#c}") -> str:
    """A brief at line 6 and one criterion whose heading is at line 8."""
    return f"Brief.\n\n{head}\n\n{levels}"


def check(runner, tree):
    return runner.invoke(args=["content", "check", str(tree.root)])


ERRORS = [
    (
        "assignment-no-brief",
        lambda t: t.write(WORK, assignment("## C {#c}\n\n- 0 a\n- 1 b\n")),
        WORK,
        5,
        "the assignment has no brief",
    ),
    (
        "assignment-no-criteria",
        lambda t: t.write(WORK, assignment("Brief only.\n")),
        WORK,
        5,
        "the assignment has no rubric",
    ),
    (
        "criterion-empty-title",
        lambda t: t.write(WORK, assignment(criterion(head="## {#c}"))),
        WORK,
        8,
        "criterion c has an empty heading",
    ),
    (
        "criterion-bad-id",
        lambda t: t.write(WORK, assignment(criterion(head="## C {#Bad_Id}"))),
        WORK,
        8,
        "the criterion id 'Bad_Id' is not valid",
    ),
    (
        "criterion-duplicate-id",
        lambda t: t.write(WORK, assignment(criterion() + "\n## Again {#c}\n\n- 0 a\n- 1 b\n")),
        WORK,
        13,
        "the criterion id 'c' is used twice",
    ),
    (
        "criterion-no-levels",
        lambda t: t.write(WORK, assignment(criterion(levels="Just guidance.\n"))),
        WORK,
        8,
        "criterion 'c' has no levels",
    ),
    (
        "criterion-two-lists",
        lambda t: t.write(WORK, assignment(criterion(levels="- 0 a\n- 1 b\n\n* 2 c\n* 3 d\n"))),
        WORK,
        13,
        "criterion 'c' has more than one list of levels",
    ),
    (
        "criterion-content-after",
        lambda t: t.write(WORK, assignment(criterion(levels="- 0 a\n- 1 b\n\nMore text.\n"))),
        WORK,
        13,
        "criterion 'c' has text after its levels",
    ),
    (
        "criterion-one-level",
        lambda t: t.write(WORK, assignment(criterion(levels="- 2 Done.\n"))),
        WORK,
        8,
        "criterion 'c' has only one level",
    ),
    (
        "criterion-points-order",
        lambda t: t.write(WORK, assignment(criterion(levels="- 0 a\n- 2 b\n- 2 c\n"))),
        WORK,
        8,
        "the levels of criterion 'c' give 0, 2, 2 points",
    ),
    (
        "level-bad-points",
        lambda t: t.write(WORK, assignment(criterion(levels="- 0 a\n- Partly.\n- 2 b\n"))),
        WORK,
        11,
        "in criterion 'c' every level must start with its points, a whole number",
    ),
    (
        "level-bad-points-decimal",
        lambda t: t.write(WORK, assignment(criterion(levels="- 0 a\n- 0.5 half\n"))),
        WORK,
        11,
        "every level must start with its points",
    ),
    (
        "level-empty",
        lambda t: t.write(WORK, assignment(criterion(levels="- 0\n- 1 Yes.\n"))),
        WORK,
        10,
        "the level worth 0 points has no description",
    ),
    (
        "assignment-translation-count",
        lambda t: t.write(PLAN_FR, t.read(PLAN_FR).split("## Chaque")[0]),
        PLAN_FR,
        1,
        f"this translation has 1 criteria but {PLAN} has 2",
    ),
    (
        "assignment-translation-criterion",
        lambda t: t.replace(PLAN_FR, "{#actions}", "{#actes}"),
        PLAN_FR,
        13,
        f"criterion 2 is 'actes' here but 'actions' in {PLAN}",
    ),
    (
        "assignment-translation-points",
        lambda t: t.replace(PLAN_FR, "- 4 Chaque", "- 3 Chaque"),
        PLAN_FR,
        13,
        f"criterion 'actions' gives the points 0, 2, 3 here but 0, 2, 4 in {PLAN}",
    ),
    (
        "assignment-translation-levels",
        lambda t: t.replace(PLAN_FR, "- 1 En partie : des droits sans raisons.\n", ""),
        PLAN_FR,
        7,
        "criterion 'rights' gives the points 0, 2 here but 0, 1, 2",
    ),
    (
        "bad-reviews",
        lambda t: t.replace(PLAN, "reviews: 3", "reviews: -1"),
        PLAN,
        4,
        "'reviews' must be a whole number from 0 to 20",
    ),
    (
        "bad-max-words",
        lambda t: t.replace(PLAN, "max_words: 800", "max_words: lots"),
        PLAN,
        6,
        "'max_words' must be a whole number from 1 to 100000",
    ),
    (
        "bad-pass-mark",
        lambda t: t.replace(PLAN, "pass_mark: 50", "pass_mark: 120"),
        PLAN,
        5,
        "'pass_mark' must be a number from 0 to 100",
    ),
    (
        "unknown-key",
        lambda t: t.replace(PLAN, "reviews: 3", "review: 3"),
        PLAN,
        4,
        "unknown key 'review' (did you mean 'reviews'?)",
    ),
    (
        "translation-key",
        lambda t: t.replace(PLAN_FR, "title:", "reviews: 2\ntitle:"),
        PLAN_FR,
        2,
        "a translation may only set title; move 'reviews'",
    ),
    (
        "bad-type",
        lambda t: t.replace(PLAN, "type: assignment", "type: homework"),
        PLAN,
        2,
        "'type' must be quiz, assignment or lesson",
    ),
    (
        "bad-certificate",
        lambda t: t.replace(
            f"{COURSE}/course.md",
            "require_all_lessons: true}",
            "require_all_lessons: true, require_assignments: maybe}",
        ),
        f"{COURSE}/course.md",
        8,
        "require_assignments: true or false",
    ),
]


@pytest.mark.parametrize(
    ("edit", "path", "line", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in ERRORS],
)
def test_each_assignment_error_names_file_line_and_what_to_do(
    runner, tree, edit, path, line, message
):
    second_edition(tree)
    edit(tree)
    result = check(runner, tree)
    assert result.exit_code == 1, result.output
    prefix = f"{tree.root}/{path}:{line}: error: "
    assert any(x.startswith(prefix) and message in x for x in result.output.splitlines()), (
        result.output
    )


def test_every_assignment_error_is_reported_at_once(runner, tree):
    second_edition(tree)
    tree.write(WORK, assignment("## {#Bad}\n\n- 0\n- x\n\n## C {#c}\n\n- 3 a\n- 1 b\n\ntext\n"))
    result = check(runner, tree)
    for piece in ("has no brief", "empty heading", "'Bad' is not valid", "no description"):
        assert piece in result.output
    for piece in ("must start with its points", "give 3, 1 points", "text after its levels"):
        assert piece in result.output


def test_require_assignments_is_a_certificate_key(runner, tree):
    second_edition(tree)
    tree.replace(
        f"{COURSE}/course.md",
        "require_all_lessons: true}",
        "require_all_lessons: true, require_assignments: true}",
    )
    assert check(runner, tree).exit_code == 0


def test_the_parser_reads_brief_guidance_levels_and_default_ids():
    parsed = parse_assignment(
        "Write *one* page.\n\n## Named? \n\nLook for reasons.\n\n- 0 No.\n- 2 Yes, **each**\n"
        "  with a reason.\n\n## Dated? {#dates}\n\n1. guidance in a numbered list\n\n- 1 No.\n"
        "- 5 Yes.\n"
    )
    assert "<em>one</em>" in parsed.brief_html
    first, second = parsed.criteria
    assert (first.cid, first.title, first.points) == ("c1", "Named?", [0, 2])
    assert "Look for reasons." in first.body_html
    assert first.levels[1].html == "Yes, <strong>each</strong>\nwith a reason."
    assert (second.cid, second.points) == ("dates", [1, 5])
    assert "<ol>" in second.body_html
    assert second.key() == {"id": "dates", "line": 11, "points": [1, 5]}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(list("#-{}\n *_`ab01é|") + ["## ", "- 0 ", "- 2 ", "\n- ", "{#x}", "  "]),
        max_size=100,
    ).map("".join)
)
def test_any_input_parses_or_gives_content_errors(body):
    try:
        parsed = parse_assignment(body)
    except ContentError as exc:
        assert exc.problems and all(p.is_error for p in exc.problems)
    else:
        for criterion in parsed.criteria:
            assert len(criterion.points) >= 2
            assert all(b > a for a, b in zip(criterion.points, criterion.points[1:], strict=False))
