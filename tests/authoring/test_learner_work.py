"""Kinds of learner work other features record (assignment submissions, reflection answers) are
counted once their tables exist: each is one function of `impact.LEARNER_WORK`."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from mooc.courses.content.impact import work
from mooc.courses.content.sync import sync_tree
from mooc.courses.models import Lesson, ReflectionPrompt
from mooc.extensions import db
from tests.authoring.helpers import learners_at_every_stage, written_tree
from tests.trees import MODULE, PLAN


@pytest.fixture
def stand_ins(app, tree, monkeypatch):
    """Tables shaped like the features' `submissions` and `reflection_answers`, under other
    names (the real ones may exist once the branches meet)."""
    written_tree(tree)
    assert sync_tree(str(tree.root)).written
    stages = learners_at_every_stage()
    metadata = MetaData()
    tables = {
        "submissions": Table(
            "stand_in_submissions",
            metadata,
            Column("id", Integer, primary_key=True),
            Column("user_id", Integer),
            Column("lesson_id", Integer),
        ),
        "reflection_answers": Table(
            "stand_in_reflection_answers",
            metadata,
            Column("id", Integer, primary_key=True),
            Column("user_id", Integer),
            Column("prompt_id", Integer),
        ),
    }
    for found in tables.values():
        found.create(db.session.connection(), checkfirst=True)
    monkeypatch.setattr(work, "table", tables.get)
    return stages, tables


def test_submissions_and_reflection_answers_are_counted(tree, stand_ins):
    stages, tables = stand_ins
    plan = db.session.scalar(select(Lesson.id).where(Lesson.slug == "plan"))
    prompt = db.session.scalar(
        select(ReflectionPrompt.id).where(ReflectionPrompt.slug == "first-step")
    )
    for user in (stages.module_done, stages.completed):
        db.session.execute(insert(tables["submissions"]).values(user_id=user.id, lesson_id=plan))
    for user in (stages.reading, stages.module_done, stages.completed):
        db.session.execute(
            insert(tables["reflection_answers"]).values(user_id=user.id, prompt_id=prompt)
        )
    tree.replace(PLAN, "Not yet: no right is named.", "Not yet: the work names no right.")
    tree.remove(f"{MODULE}/04-reflect.md")
    tree.remove(f"{MODULE}/04-reflect.fr.md")
    report = sync_tree(str(tree.root), dry_run=True)
    found = {(e.change, e.slug): e for e in report.effects}
    assert found[("rubric-wording", "plan")].counts == {"submissions": 2}
    assert found[("archived", "reflect")].counts == {"progress": 2, "reflections": 3}
    sentences = found[("archived", "reflect")].sentences
    assert "3 learners answered its reflections; their answers are kept by their ids." in sentences
