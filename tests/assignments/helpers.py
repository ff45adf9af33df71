"""A course with an assignment reviewed by two peers, and learners of two cities."""

from __future__ import annotations

from sqlalchemy import select

from mooc.courses import services as learning
from mooc.courses.content.sync import sync_tree
from mooc.courses.models import Course, Lesson
from mooc.extensions import db
from tests.factories import CityFactory, UserFactory
from tests.trees import COURSE, PLAN, second_edition

TEXT = "Our city will work on housing and water first, because families wait for both."
LEVELS = {"rights": 2, "actions": 4}


def assignment_course(tree, reviews: int = 2, **edits) -> Lesson:
    """The second edition, every module open, the assignment with `reviews` peer reviews."""
    second_edition(tree)
    tree.replace(f"{COURSE}/course.md", "sequential: true", "sequential: false")
    tree.replace(PLAN, "reviews: 3", f"reviews: {reviews}")
    for old, new in edits.items():
        tree.replace(f"{COURSE}/course.md", old, new)
    report = sync_tree(str(tree.root))
    assert report.written, [p.format() for p in report.tree.errors]
    return plan()


def plan() -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == "plan"))


def learners(count: int, cities: int = 2) -> list:
    """`count` enrolled learners spread over `cities` member cities."""
    made = [CityFactory() for _n in range(cities)]
    course = db.session.scalar(select(Course.id).where(Course.slug == "demo"))
    found = []
    for n in range(count):
        user = UserFactory(city_id=made[n % cities].id, display_name=f"Learner {n}")
        learning.enrol(user.id, course)
        found.append(user)
    return found
