"""`content sync` of assignments: the item row and its settings, criteria kept by id, and the
report's record of rubric changes (which a later feature may refuse through a signal)."""

from __future__ import annotations

from sqlalchemy import select

from mooc import signals
from mooc.assignments.models import Criterion, CriterionTranslation
from mooc.courses.content.problems import Problem
from mooc.courses.content.sync import sync_tree
from mooc.courses.models import Lesson
from mooc.extensions import db
from tests.content.test_sync import snapshot
from tests.trees import MODULE, MODULE2, PLAN, second_edition

PLAN_FR = PLAN.replace(".md", ".fr.md")


def sync(tree):
    report = sync_tree(str(tree.root))
    db.session.expire_all()
    return report


def plan() -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == "plan"))


def criteria() -> dict[str, Criterion]:
    return {c.cid: c for c in db.session.scalars(select(Criterion))}


def texts(criterion: Criterion) -> dict[str, CriterionTranslation]:
    rows = db.session.scalars(
        select(CriterionTranslation).where(CriterionTranslation.criterion_id == criterion.id)
    )
    return {row.locale: row for row in rows}


def test_an_assignment_is_an_item_with_its_settings_and_rubric(runner, tree):
    second_edition(tree)
    result = runner.invoke(args=["content", "sync", str(tree.root)])
    assert result.exit_code == 0, result.output
    assert "1 assignments created, 0 updated, 0 archived, 0 unchanged" in result.output
    row = plan()
    assert (row.kind, row.is_assignment, row.required) == ("assignment", True, True)
    assert (row.reviews, row.pass_mark, row.max_words, row.minutes) == (3, 50, 800, None)
    assert (row.shuffle, row.draw, row.review, row.max_attempts) == (None, None, None, None)
    found = criteria()
    assert [(c.cid, c.position, c.points, c.max_points) for c in found.values()] == [
        ("rights", 0, [0, 1, 2], 2),
        ("actions", 1, [0, 2, 4], 4),
    ]
    rights = texts(found["rights"])
    assert set(rights) == {"en", "fr"}
    assert rights["en"].title == "Are two or three rights named, each with a reason?"
    assert "Look for reasons" in rights["en"].body_html
    assert rights["fr"].levels[0] == "Pas encore : aucun droit n'est nommé."
    assert len(rights["en"].levels) == 3


def test_defaults_of_an_assignment(runner, tree):
    second_edition(tree)
    for key in ("reviews: 3\n", "pass_mark: 50\n", "max_words: 800\n"):
        tree.replace(PLAN, key, "")
    sync(tree)
    row = plan()
    assert (row.reviews, row.pass_mark, row.max_words, row.required) == (2, 60, 2000, True)
    tree.replace(PLAN, "title:", "reviews: 0\nrequired: false\ntitle:")
    sync(tree)
    assert (plan().reviews, plan().required) == (0, False)


def test_rewording_keeps_rows_and_is_not_a_change_of_structure(tree):
    second_edition(tree)
    first = sync(tree)
    assert first.rubrics[("demo", "plan")].created
    assert first.rubric_changed("demo", "plan")
    ids = {cid: c.id for cid, c in criteria().items()}
    tree.replace(PLAN, "Not yet: no right is named.", "No right is named yet.")
    tree.replace(PLAN_FR, "Aucune action.", "Aucune action n'est donnée.")
    report = sync(tree)
    change = report.rubrics[("demo", "plan")]
    assert (change.structure_changed, change.wording_changed) == (False, True)
    assert not report.rubric_changed("demo", "plan")
    assert {cid: c.id for cid, c in criteria().items()} == ids
    assert texts(criteria()["rights"])["en"].levels[0] == "No right is named yet."
    unchanged = sync(tree)
    change = unchanged.rubrics[("demo", "plan")]
    assert (change.structure_changed, change.wording_changed) == (False, False)


def test_changing_points_or_levels_is_a_change_of_structure(tree):
    second_edition(tree)
    sync(tree)
    ids = {cid: c.id for cid, c in criteria().items()}
    for name, text in ((PLAN, "- 4 Every"), (PLAN_FR, "- 4 Chaque")):
        tree.replace(name, text, text.replace("4", "5"))
    report = sync(tree)
    assert report.rubric_changed("demo", "plan")
    assert criteria()["actions"].points == [0, 2, 5]
    assert {cid: c.id for cid, c in criteria().items()} == ids


def test_reordering_criteria_moves_rows_without_a_change_of_structure(tree):
    second_edition(tree)
    sync(tree)
    ids = {cid: c.id for cid, c in criteria().items()}
    for name in (PLAN, PLAN_FR):
        text = tree.read(name)
        head, first, second = text.split("\n## ")
        tree.write(name, f"{head}\n## {second.rstrip()}\n\n## {first}")
    report = sync(tree)
    assert not report.rubric_changed("demo", "plan")
    found = criteria()
    assert {cid: c.id for cid, c in found.items()} == ids
    assert (found["actions"].position, found["rights"].position) == (0, 1)


def test_removed_criterion_is_archived_and_restored_with_its_row(tree):
    second_edition(tree)
    sync(tree)
    before = criteria()["actions"].id
    saved = {name: tree.read(name) for name in (PLAN, PLAN_FR)}
    for name, text in saved.items():
        tree.write(name, text[: text.index("\n## ", text.index("{#rights}"))] + "\n")
    report = sync(tree)
    assert report.rubric_changed("demo", "plan")
    assert criteria()["actions"].archived_at is not None
    assert texts(criteria()["actions"])  # its texts stay
    for name, text in saved.items():
        tree.write(name, text)
    assert sync(tree).rubric_changed("demo", "plan")
    restored = criteria()["actions"]
    assert restored.id == before and restored.archived_at is None


def test_archived_and_restored_assignment_keeps_its_rows(runner, tree):
    second_edition(tree)
    sync(tree)
    lesson_id, ids = plan().id, {cid: c.id for cid, c in criteria().items()}
    saved = {name: tree.read(name) for name in (PLAN, PLAN_FR)}
    for name in saved:
        tree.remove(name)
    result = runner.invoke(args=["content", "sync", str(tree.root)])
    assert "0 assignments created, 0 updated, 1 archived, 0 unchanged" in result.output
    db.session.expire_all()
    assert plan().archived_at is not None
    moved = {name.replace(MODULE, MODULE2).replace("05-", "03-"): t for name, t in saved.items()}
    for name, text in moved.items():  # back, in the other module, under another number
        tree.write(name, text.replace("(01-intro.md)", "(../01-basics/01-intro.md)"))
    report = sync(tree)
    assert report.written, [p.format() for p in report.tree.errors]
    assert report.counts["assignment"]["restored"] == 1
    assert not report.rubric_changed("demo", "plan")
    assert (plan().id, plan().module.slug, plan().archived_at) == (lesson_id, "more", None)
    assert {cid: c.id for cid, c in criteria().items()} == ids


def test_a_receiver_may_refuse_a_change_of_structure_and_nothing_is_written(runner, tree):
    second_edition(tree)
    sync(tree)
    before = snapshot()
    tree.replace(PLAN, "- 4 Every", "- 5 Every")
    tree.replace(PLAN_FR, "- 4 Chaque", "- 5 Chaque")
    tree.replace(f"{MODULE}/01-intro.md", "community", "neighbourhood")

    def refuse(_app, report, **_extra):
        for (course, item), change in report.rubrics.items():
            if change.structure_changed and not change.created:
                report.refuse(
                    Problem(PLAN, 1, "criterion-points-order", {"id": item, "points": course})
                )

    with signals.content_syncing.connected_to(refuse):
        result = runner.invoke(args=["content", "sync", str(tree.root)])
    assert result.exit_code == 1
    assert "Nothing was changed" in result.output
    assert f"{PLAN}:1: error:" in result.output
    assert snapshot() == before
    result = runner.invoke(args=["content", "sync", str(tree.root)])  # without the receiver
    assert result.exit_code == 0
