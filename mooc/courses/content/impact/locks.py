"""Sequential locks before and after a sync: who finished what, which modules a learner may
open, and the learners who would find locked a module open to them now (`lock_effects`)."""

from __future__ import annotations

from sqlalchemy import select

from mooc.courses.content.impact.effect import Effect
from mooc.courses.content.impact.snapshot import Snapshot
from mooc.courses.models import Enrolment, Lesson, LessonProgress
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt


def finished_by(course_id: int, item_id: int | None = None) -> dict[int, set[int]]:
    """{item id: learners who finished it} in a course (or of one item): lessons done, quizzes
    passed (the rule of `courses.progress.finished_item`; an assignment is not finished yet)."""
    found: dict[int, set[int]] = {}
    one = (Lesson.id == item_id,) if item_id is not None else ()
    done = (
        select(LessonProgress.lesson_id, LessonProgress.user_id)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(Lesson.course_id == course_id, Lesson.kind == "lesson", *one)
    )
    passed = (
        select(QuizAttempt.lesson_id, QuizAttempt.user_id)
        .join(Lesson, Lesson.id == QuizAttempt.lesson_id)
        .where(Lesson.course_id == course_id, QuizAttempt.passed.is_(True), *one)
    )
    for query in (done, passed):
        for lesson_id, user_id in db.session.execute(query):
            found.setdefault(lesson_id, set()).add(user_id)
    return found


def structure(snap: Snapshot, course_id: int) -> list[tuple[str, list[tuple[int, bool]]]]:
    """A course's live modules in order, each with its live items (id, required)."""
    modules = sorted(
        (position, slug, module_id)
        for module_id, (course, slug, position, live) in snap.modules.items()
        if course == course_id and live
    )
    items: dict[int, list[tuple[int, bool]]] = {}
    for item in sorted(snap.items.values(), key=lambda i: i.id):
        if item.course_id == course_id and item.live:
            items.setdefault(item.module_id, []).append((item.id, item.required))
    return [(slug, items.get(module_id, [])) for _position, slug, module_id in modules]


def open_modules(layout, finished: set[int]) -> set[str]:
    """The modules a learner may open in a sequential course: each one until the first
    module with a required item she has not finished, that one included."""
    found = set()
    for slug, items in layout:
        found.add(slug)
        if any(required and item_id not in finished for item_id, required in items):
            break
    return found


def lock_effects(before: Snapshot, after: Snapshot) -> list[Effect]:
    """Sequential courses whose module order or required items change: learners (not yet
    completed) who would find locked a module open to them before the sync."""
    found = []
    for course_id, (slug, sequential, live) in after.courses.items():
        if not (sequential and live) or course_id not in before.courses:
            continue
        old, new = structure(before, course_id), structure(after, course_id)
        if old == new:
            continue
        finished = finished_by(course_id)
        per_learner: dict[int, set[int]] = {}
        for item_id, users in finished.items():
            for user_id in users:
                per_learner.setdefault(user_id, set()).add(item_id)
        learners = db.session.scalars(
            select(Enrolment.user_id).where(
                Enrolment.course_id == course_id, Enrolment.completed_at.is_(None)
            )
        )
        locked = 0
        for user_id in learners:
            done = per_learner.get(user_id, set())
            lost = (open_modules(old, done) & {s for s, _i in new}) - open_modules(new, done)
            locked += bool(lost)
        if locked:
            found.append(Effect(slug, slug, "course", "locks", counts={"locked": locked}))
    return found
