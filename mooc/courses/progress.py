"""A learner's progress, read: course and path states, sequential locks, where to resume."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Float, Integer, bindparam, cast, func, literal, null, select, union_all

from mooc.assignments.models import Submission
from mooc.courses.errors import LearningError
from mooc.courses.models import (
    Course,
    Enrolment,
    LearningPath,
    Lesson,
    LessonProgress,
    PathEnrolment,
)
from mooc.courses.outlines import Item, ModuleOutline, course_outline, path_page, sequence
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt


@dataclass
class ItemState:
    """A learner's state on one item: a lesson done, a quiz passed, an assignment passed (its
    reviews graded it at its pass mark)."""

    item: Item
    done: bool = False
    best_score: float | None = None
    attempts: int = 0


@dataclass
class ModuleState:
    """A module's items, whether it is complete, and why it is locked, if it is."""

    module: ModuleOutline
    items: list[ItemState] = field(default_factory=list)
    complete: bool = False
    locked_by: ModuleOutline | None = None


@dataclass
class CourseState:
    """A learner's progress in a course."""

    enrolment: Enrolment | None
    modules: list[ModuleState]
    done_required: int = 0
    total_required: int = 0
    resume: Item | None = None
    best_scores: dict[int, float] = field(default_factory=dict)
    archived_scores: dict[int, float] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        """Share of required items done, 0 to 1."""
        return self.done_required / self.total_required if self.total_required else 0.0

    @property
    def stamped(self) -> bool:
        """The learner's completion of the course is stamped: it stays, whatever the content
        does later (a new required lesson, a quiz archived; see docs/authoring.md)."""
        return self.enrolment is not None and self.enrolment.completed_at is not None

    @property
    def complete(self) -> bool:
        """Completion stamped, or every required item finished (see `finished_item`)."""
        return self.enrolment is not None and (
            self.stamped or self.done_required == self.total_required
        )

    def state_of(self, slug: str) -> tuple[ModuleState, ItemState] | None:
        """The module and item state of an item."""
        for module in self.modules:
            for item in module.items:
                if item.item.slug == slug:
                    return module, item
        return None


def state_key(state: CourseState) -> tuple:
    """Everything of a learner's state that her course pages show (enrolled, stamped, where she
    resumes, each item done, tried and its best score, archived scores): learners with the same
    key see the same page but for its holes (`caching.personal_page`)."""
    row = state.enrolment
    return (
        row is not None,
        state.stamped,
        state.resume.id if state.resume is not None else None,
        tuple(
            (item.item.id, item.done, item.attempts, item.best_score)
            for module in state.modules
            for item in module.items
        ),
        tuple(sorted(state.archived_scores.items())),
    )


def enrolment(user_id: int, course_id: int) -> Enrolment | None:
    """The learner's enrolment in a course, if any."""
    return db.session.scalar(
        select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.course_id == course_id)
    )


@cache
def learner_items():
    """One statement, built once, for a learner's lessons done (`count` NULL), quiz attempts
    (required, best score, passed, count) and graded assignments (no score, passed, 1) in a
    course: joined on the course rather than `IN (ids)`, one cached statement for any course
    size."""
    done = (
        select(
            LessonProgress.lesson_id,
            Lesson.required.label("needed"),
            cast(null(), Float).label("best"),
            cast(null(), Integer).label("passed"),
            cast(null(), Integer).label("count"),
        )
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(
            LessonProgress.user_id == bindparam("user_id"),
            Lesson.course_id == bindparam("course_id"),
        )
    )
    tried = (
        select(
            QuizAttempt.lesson_id,
            Lesson.required,
            cast(func.max(QuizAttempt.score), Float),
            func.max(cast(QuizAttempt.passed, Integer)),
            cast(func.count(), Integer),
        )
        .join(Lesson, Lesson.id == QuizAttempt.lesson_id)
        .where(
            QuizAttempt.user_id == bindparam("user_id"),
            Lesson.course_id == bindparam("course_id"),
        )
        .group_by(QuizAttempt.lesson_id, Lesson.required)
    )
    graded = (
        select(
            Submission.lesson_id,
            Lesson.required,
            cast(null(), Float),
            cast(Submission.passed, Integer),
            cast(literal(1), Integer),
        )
        .join(Lesson, Lesson.id == Submission.lesson_id)
        .where(
            Submission.user_id == bindparam("user_id"),
            Submission.course_id == bindparam("course_id"),
            Submission.status == "graded",
        )
    )
    return union_all(done, tried, graded)


def course_state(user_id: int | None, outline: dict[str, Any]) -> CourseState:
    """Statuses, percentages, locks and the resume point (two queries, one when the outline
    came with the learner's enrolment)."""
    course = outline["course"]
    items = sequence(outline)
    ids = [item.id for _m, item in items]
    known = outline.get("enrolment_of")
    if known is not None and user_id and known[0] == user_id:
        row = known[1]  # loaded with the course (`outlines.course_outline`)
    else:
        row = enrolment(user_id, course.id) if user_id else None
    done: set[int] = set()
    attempts: dict[int, tuple[float, bool, int]] = {}
    required: set[int] = set()
    if row is not None and ids:
        for lesson_id, needed, best, passed, count in db.session.execute(
            learner_items(), {"user_id": user_id, "course_id": course.id}
        ):
            if count is None:
                done.add(lesson_id)
                continue
            attempts[lesson_id] = (best, bool(passed), count)
            if needed:
                required.add(lesson_id)
    state = CourseState(enrolment=row, modules=[])
    # Required quizzes no longer in the outline (archived) that the learner took: their best
    # scores still count in her certificate average (docs/authoring.md).
    listed = set(ids)
    state.archived_scores = {
        lesson_id: best
        for lesson_id, (best, _passed, _count) in attempts.items()
        if lesson_id not in listed and lesson_id in required and best is not None
    }
    previous: ModuleState | None = None
    for module in outline["modules"]:
        module_state = ModuleState(module)
        for item in module.items:
            best, passed, count = attempts.get(item.id, (None, False, 0))
            finished = finished_item(item, done, passed)
            module_state.items.append(ItemState(item, finished, best, count))
            if best is not None:
                state.best_scores[item.id] = best
            if item.required:
                state.total_required += 1
                state.done_required += finished
        module_state.complete = all(i.done for i in module_state.items if i.item.required)
        # A learner who completed the course keeps every module open (a module added or
        # moved later does not lock her out of what she finished).
        if course.sequential and previous is not None and not state.stamped:
            # The nearest earlier module not complete: the one that actually opens this one.
            module_state.locked_by = previous.locked_by if previous.complete else previous.module
        state.modules.append(module_state)
        previous = module_state
    state.resume = resume_item(row, state, items)
    return state


def finished_item(item: Item, done: set[int], passed: bool) -> bool:
    """A lesson is finished once marked as done, a quiz or an assignment once passed (the same
    rule as `courses.services.unfinished`)."""
    if item.kind == "lesson":
        return item.id in done
    return passed


def resume_item(row: Enrolment | None, state: CourseState, items) -> Item | None:
    """The exact next item: the one last opened while it is not finished, else the first open
    item not finished after it (or after the furthest one finished; never a quiz already
    passed), else the first open one not finished; None once every item is finished."""
    if row is None or not items:
        return None
    open_items = [
        item_state
        for module in state.modules
        if module.locked_by is None
        for item_state in module.items
    ]
    # Without an item opened last, go on after the furthest item finished.
    done_at = [index for index, item_state in enumerate(open_items) if item_state.done]
    start = done_at[-1] + 1 if done_at else 0
    if row.last_lesson_id is not None:
        for index, item_state in enumerate(open_items):
            if item_state.item.id == row.last_lesson_id:
                if not item_state.done:
                    return item_state.item
                start = index + 1
                break
    for item_state in open_items[start:] + open_items[:start]:
        if not item_state.done:
            return item_state.item
    return None


def open_item(user_id: int, outline: dict[str, Any], slug: str) -> tuple[CourseState, ItemState]:
    """An item the learner may open: enrolled and not in a locked module."""
    state = course_state(user_id, outline)
    if state.enrolment is None:
        raise LearningError("not_enrolled")
    found = state.state_of(slug)
    if found is None:
        raise LearningError("not_found")
    module, item = found
    if module.locked_by is not None:
        raise LearningError(
            "locked", module=module.locked_by.text.title, module_slug=module.locked_by.slug
        )
    return state, item


def path_state(user_id: int | None, slug: str, locale: str) -> dict[str, Any] | None:
    """A path page with the learner's enrolment, each course's progress and locks."""
    page = path_page(slug, locale)
    if page is None:
        return None
    path = page["path"]
    enrolled = (
        user_id is not None
        and db.session.scalar(
            select(PathEnrolment).where(
                PathEnrolment.user_id == user_id, PathEnrolment.path_id == path.id
            )
        )
        is not None
    )
    previous_complete = True
    previous_title = ""
    next_course = None
    for entry in page["courses"]:
        outline = course_outline(entry["course"].slug, locale)
        state = course_state(user_id, outline) if outline and user_id else None
        entry["percent"] = state.percent if state else 0.0
        entry["complete"] = bool(state and state.complete)
        entry["enrolled"] = bool(state and state.enrolment)
        entry["locked_by"] = None if (not path.sequential or previous_complete) else previous_title
        if next_course is None and not entry["complete"]:
            next_course = entry
        previous_complete = entry["complete"]
        previous_title = entry["text"].title
    courses = page["courses"]
    page.update(
        enrolled=enrolled,
        next=next_course,
        percent=(sum(c["complete"] for c in courses) / len(courses)) if courses else 0.0,
    )
    return page


def learning_home(user_id: int, locale: str) -> list[dict[str, Any]]:
    """The learner's courses, most recently seen first: outline, state (progress, resume)."""
    rows = db.session.execute(
        select(Enrolment, Course.slug)
        .join(Course, Course.id == Enrolment.course_id)
        .where(Enrolment.user_id == user_id, Course.archived_at.is_(None))
        .order_by(Enrolment.last_seen_at.desc())
    )
    found = []
    for _row, slug in rows:
        outline = course_outline(slug, locale)
        if outline is not None:
            found.append({**outline, "state": course_state(user_id, outline)})
    return found


def learning_paths(user_id: int, locale: str) -> list[dict[str, Any]]:
    """The paths the learner follows, each with its progress and next course."""
    slugs = db.session.scalars(
        select(LearningPath.slug)
        .join(PathEnrolment, PathEnrolment.path_id == LearningPath.id)
        .where(PathEnrolment.user_id == user_id)
        .order_by(PathEnrolment.id)
    )
    return [page for slug in list(slugs) if (page := path_state(user_id, slug, locale))]
