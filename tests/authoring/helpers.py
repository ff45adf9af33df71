"""A course with learners at every stage, for the dry run and the sync to be judged against."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text

from mooc.accounts.models import User
from mooc.certificates import services as certificates
from mooc.courses import services as learning
from mooc.courses.models import Course
from mooc.extensions import db
from mooc.quizzes import services as quizzes
from tests.cohorts.helpers import RIGHT, WRONG, quiz_lesson
from tests.factories import UserFactory
from tests.trees import PLAN, SECOND_EDITION, TreeBuilder, second_edition

# The second edition, with its assignment optional (nothing records an assignment's pass yet,
# so a required one would keep every learner from completing the course).
OPTIONAL_PLAN = SECOND_EDITION[PLAN].replace("title:", "required: false\ntitle:", 1)


@dataclass
class Stages:
    """Learners of the demo course, one per stage."""

    enrolled: User  # nothing done
    reading: User  # the intro and the charters read
    module_done: User  # module 1 complete (intro, charters, reflect, quiz passed): module 2 open
    failed: User  # the intro read, the quiz failed
    completed: User  # everything: completion stamped, certificate issued


def written_tree(tree: TreeBuilder) -> TreeBuilder:
    """The second edition with an optional assignment, written (not synced)."""
    second_edition(tree)
    tree.write(PLAN, OPTIONAL_PLAN)
    return tree


def learners_at_every_stage() -> Stages:
    """Five learners, each enrolled in `demo` and as far as her stage says."""
    course = db.session.scalar(select(Course).where(Course.slug == "demo"))
    stages = Stages(*(UserFactory(display_name=f"Learner {n}") for n in range(5)))
    for user in vars(stages).values():
        learning.enrol(user.id, course.id)
    quiz = quiz_lesson()
    learning.complete_lesson(stages.reading.id, "demo", "intro")
    learning.complete_lesson(stages.reading.id, "demo", "charters")
    for user in (stages.module_done, stages.completed):
        learning.complete_lesson(user.id, "demo", "intro")
        learning.complete_lesson(user.id, "demo", "charters")
        learning.complete_lesson(user.id, "demo", "reflect")
        quizzes.submit(user.id, quiz, RIGHT)
    learning.complete_lesson(stages.failed.id, "demo", "intro")
    quizzes.submit(stages.failed.id, quiz, WRONG)
    learning.complete_lesson(stages.completed.id, "demo", "housing")
    certificates.issue(stages.completed, "demo", "en")
    return stages


def every_table() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: what 'nothing changed' is compared with."""
    found = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(text(f"SELECT * FROM {table.name}")).all()  # noqa: S608
        found[table.name] = sorted((tuple(map(repr, row)) for row in rows), key=repr)
    return found
