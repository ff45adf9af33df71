"""`flask content sync --dry-run`: the same checks and diff as a sync, what each change does to
learners with the right counts, nothing written; then the sync does exactly that."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mooc.certificates.models import Certificate
from mooc.courses import outlines, progress
from mooc.courses.content.sync import sync_tree
from mooc.courses.models import ContentSync, Enrolment, LessonProgress
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt
from tests.authoring.helpers import every_table, learners_at_every_stage, written_tree
from tests.trees import COURSE, MODULE, MODULE2, PLAN, QUIZ


@pytest.fixture
def stages(app, tree):
    """The tree synced, five learners at their stages."""
    written_tree(tree)
    assert sync_tree(str(tree.root)).written
    return learners_at_every_stage()


def rename_both(tree, old: str, new: str) -> None:
    """Move a file and its French twin."""
    tree.move(old, new)
    tree.move(old.replace(".md", ".fr.md"), new.replace(".md", ".fr.md"))


def renumber(tree):
    rename_both(tree, f"{MODULE2}/01-housing.md", f"{MODULE2}/05-housing.md")


def retitle(tree):
    tree.replace(f"{MODULE}/01-intro.md", "title: Introduction", "title: Welcome")


def move_module(tree):
    tree.move(MODULE2, f"{COURSE}/00-more")


def archive(tree):
    tree.remove(f"{MODULE}/04-reflect.md")
    tree.remove(f"{MODULE}/04-reflect.fr.md")


def archive_quiz(tree):
    tree.remove(QUIZ)
    tree.remove(QUIZ.replace(".md", ".fr.md"))
    tree.replace(f"{MODULE}/01-intro.md", "[the quiz](03-check.md#q)", "the quiz")


def change_answer(tree):
    for name in (QUIZ, QUIZ.replace(".md", ".fr.md")):
        text = tree.read(name)
        first, rest = text.split("- [ ]", 1)
        # adopted-by: the first option becomes the correct one, the second a wrong one.
        rest = rest.replace("- [x]", "- [ ]", 1)
        tree.write(name, first + "- [x]" + rest)


def make_required(tree):
    tree.replace(f"{MODULE}/02-charters.md", "required: false\n", "")


def add_required(tree):
    tree.write(f"{MODULE}/06-new.md", "---\ntitle: A new lesson\n---\n\nNew text.\n")
    tree.write(f"{MODULE}/06-new.fr.md", "---\ntitle: Une nouvelle leçon\n---\n\nTexte.\n")


def reword_rubric(tree):
    tree.replace(PLAN, "Not yet: no right is named.", "Not yet: the work names no right.")


# edit -> the effects the dry run names: (change, item, {kind of work: learners})
EDITS = {
    "renumber": (renumber, []),
    "retitle": (retitle, []),
    # Module 2 first: the four learners not yet complete find 'basics' locked.
    "move a module": (move_module, [("locks", "demo", {"locked": 4})]),
    "archive": (archive, [("archived", "reflect", {"progress": 2})]),
    "archive a quiz": (archive_quiz, [("archived", "check", {"attempts": 3})]),
    "change a correct answer": (change_answer, [("answers", "check", {"attempts": 3})]),
    # 'failed' and 'enrolled' have not read it; 'completed' keeps her stamp.
    "make a lesson required": (
        make_required,
        [("required", "charters", {"waiting": 2, "completed": 1})],
    ),
    # The new lesson in module 1 locks module 2 for 'module_done'.
    "add a required lesson": (
        add_required,
        [
            ("locks", "demo", {"locked": 1}),
            ("new-required", "new", {"waiting": 4, "completed": 1}),
        ],
    ),
    "reword a rubric": (reword_rubric, [("rubric-wording", "plan", {})]),
}


def named(report) -> list[tuple]:
    return sorted((e.change, e.slug, e.counts) for e in report.effects)


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_the_dry_run_names_each_effect_and_writes_nothing(app, tree, stages, edit):
    change, expected = EDITS[edit]
    change(tree)
    before = every_table()
    report = sync_tree(str(tree.root), dry_run=True)
    assert not report.tree.errors, [p.format() for p in report.tree.errors]
    assert not report.written and report.changed == (edit != "renumber")
    assert named(report) == sorted(expected)
    assert every_table() == before
    # The sync then does what the dry run said, and reports the same effects.
    synced = sync_tree(str(tree.root))
    assert synced.written
    assert named(synced) == sorted(expected)
    assert synced.counts == report.counts
    history = db.session.scalar(select(ContentSync).order_by(ContentSync.id.desc()))
    assert history.counts == {k: dict(v) for k, v in report.counts.items()} or not report.changed
    assert sorted((e["change"], e["slug"], e["counts"]) for e in history.impact) == sorted(expected)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_nothing_earned_is_lost(app, tree, stages, edit):
    progress_rows, attempts = (
        count(LessonProgress),
        db.session.execute(
            select(QuizAttempt.id, QuizAttempt.score, QuizAttempt.passed).order_by(QuizAttempt.id)
        ).all(),
    )
    EDITS[edit][0](tree)
    assert sync_tree(str(tree.root)).written
    assert count(LessonProgress) == progress_rows
    # Graded attempts keep their scores and passes: a changed answer does not regrade.
    assert (
        db.session.execute(
            select(QuizAttempt.id, QuizAttempt.score, QuizAttempt.passed).order_by(QuizAttempt.id)
        ).all()
        == attempts
    )
    completed = stages.completed
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == completed.id))
    assert enrolment.completed_at is not None
    assert (
        db.session.scalar(select(Certificate.status).where(Certificate.user_id == completed.id))
        == "valid"
    )
    outline = outlines.course_outline("demo", "en")
    state = progress.course_state(completed.id, outline)
    assert state.complete
    assert all(m.locked_by is None for m in state.modules)


def test_a_new_required_lesson_keeps_the_certificate_eligible(app, tree, stages):
    from mooc.certificates.eligibility import course_eligibility

    add_required(tree)
    assert sync_tree(str(tree.root)).written
    outline = outlines.course_outline("demo", "en")
    done = progress.course_state(stages.completed.id, outline)
    assert course_eligibility(outline["course"], done).eligible
    # Whoever has not completed the course needs the new lesson.
    waiting = progress.course_state(stages.module_done.id, outline)
    assert not waiting.complete
    assert [m.module.slug for m in waiting.modules if m.locked_by] == ["more"]


def test_an_archived_quiz_still_counts_in_the_average(app, tree, stages):
    from mooc.certificates.eligibility import course_eligibility

    archive_quiz(tree)
    assert sync_tree(str(tree.root)).written
    outline = outlines.course_outline("demo", "en")
    state = progress.course_state(stages.failed.id, outline)
    assert list(state.archived_scores.values()) == [0.0]
    result = course_eligibility(outline["course"], state)
    assert result.quizzes_not_passed == []  # nobody is asked to pass a quiz that is gone
    assert result.average == 0.0 and result.average_short  # but her score there still counts


def test_a_no_op_dry_run_costs_no_more_than_a_no_op_sync(app, tree, stages, count_queries):
    with count_queries() as synced:
        assert not sync_tree(str(tree.root)).changed
    with count_queries() as dry:
        report = sync_tree(str(tree.root), dry_run=True)
    assert report.effects == [] and not report.changed
    assert dry.count <= synced.count
    assert dry.writes == []


def test_the_command_prints_the_effects_and_exits_0(app, tree, stages, runner):
    archive(tree)
    before = every_table()
    result = runner.invoke(args=["content", "sync", "--dry-run", str(tree.root)])
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output
    assert "1 archived" in result.output
    assert (
        "2 learners completed this lesson; their progress is kept and comes back if it returns."
        in result.output
    )
    assert every_table() == before


def test_the_command_in_spanish(app, tree, stages, runner, monkeypatch):
    from flask_babel import refresh

    change_answer(tree)
    monkeypatch.setenv("MOOC_LANGUAGE", "es")
    refresh()  # the fixture's sync chose English for this app context
    result = runner.invoke(args=["content", "sync", "--dry-run", str(tree.root)])
    assert result.exit_code == 0, result.output
    assert "Ensayo: una sincronización haría esto" in result.output
    assert "3 participantes tienen intentos calificados; sus notas se quedan como están" in (
        result.output
    )


def test_a_dry_run_with_errors_exits_1_and_writes_nothing(app, tree, stages, runner):
    tree.replace(QUIZ, "pass_mark: 70", "pass_mak: 70")
    before = every_table()
    result = runner.invoke(args=["content", "sync", "--dry-run", str(tree.root)])
    assert result.exit_code == 1
    assert "03-check.md:4: error" in result.output
    assert every_table() == before


def test_history_lists_each_sync_that_changed_something(app, tree, stages, runner):
    retitle(tree)
    assert runner.invoke(args=["content", "sync", str(tree.root)]).exit_code == 0
    assert runner.invoke(args=["content", "sync", str(tree.root)]).exit_code == 0  # no-op
    result = runner.invoke(args=["content", "history"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "flask content sync" in line]
    assert len(lines) == 2  # the first sync (from the fixture's service call) and the retitle
    assert "1 lessons updated" in lines[0]
    assert "not a git working copy" in lines[0]
