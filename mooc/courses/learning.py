"""Learning operations: enrol, mark as done, progress, sequential gating, resume."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Integer, and_, bindparam, cast, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from mooc.courses.models import Course, Enrolment, Lesson, LessonProgress, Module
from mooc.courses.models.progress import utcnow
from mooc.courses.services import (
    Item,
    ModuleOutline,
    sequence,
    visible,
)
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt


class LearningError(Exception):
    """A refused learning action; `code` is stable (`not_enrolled`, `locked`, …)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass
class ItemState:
    """A learner's state on one lesson or quiz."""

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

    @property
    def percent(self) -> float:
        """Share of required items done, 0 to 1."""
        return self.done_required / self.total_required if self.total_required else 0.0

    @property
    def complete(self) -> bool:
        """Every required lesson and quiz done."""
        return self.enrolment is not None and self.done_required == self.total_required

    def state_of(self, slug: str) -> tuple[ModuleState, ItemState] | None:
        """The module and item state of an item."""
        for module in self.modules:
            for item in module.items:
                if item.item.slug == slug:
                    return module, item
        return None


def enrolment(user_id: int, course_id: int) -> Enrolment | None:
    """The learner's enrolment in a course, if any."""
    return db.session.scalar(
        select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.course_id == course_id)
    )


def enrol(user_id: int, course_id: int) -> Enrolment:
    """Enrol once; enrolling again (even at the same instant) returns the same row."""
    existing = enrolment(user_id, course_id)
    if existing is not None:
        return existing
    row = Enrolment(user_id=user_id, course_id=course_id)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return enrolment(user_id, course_id)
    return row


def course_state(user_id: int | None, outline: dict[str, Any]) -> CourseState:
    """Statuses, percentages, locks and the resume point (three queries)."""
    course = outline["course"]
    items = sequence(outline)
    ids = [item.id for _m, item in items]
    row = enrolment(user_id, course.id) if user_id else None
    done: set[int] = set()
    attempts: dict[int, tuple[float, bool, int]] = {}
    if row is not None and ids:
        # Joined on the course rather than `IN (ids)`: one cached statement for any course size.
        done = set(
            db.session.scalars(
                select(LessonProgress.lesson_id)
                .join(Lesson, Lesson.id == LessonProgress.lesson_id)
                .where(LessonProgress.user_id == user_id, Lesson.course_id == course.id)
            )
        )
        for lesson_id, best, passed, count in db.session.execute(
            select(
                QuizAttempt.lesson_id,
                func.max(QuizAttempt.score),
                func.max(cast(QuizAttempt.passed, Integer)),
                func.count(),
            )
            .join(Lesson, Lesson.id == QuizAttempt.lesson_id)
            .where(QuizAttempt.user_id == user_id, Lesson.course_id == course.id)
            .group_by(QuizAttempt.lesson_id)
        ):
            attempts[lesson_id] = (best, bool(passed), count)
    state = CourseState(enrolment=row, modules=[])
    previous: ModuleState | None = None
    for module in outline["modules"]:
        module_state = ModuleState(module)
        for item in module.items:
            best, passed, count = attempts.get(item.id, (None, False, 0))
            finished = passed if item.kind == "quiz" else item.id in done
            module_state.items.append(ItemState(item, finished, best, count))
            if best is not None:
                state.best_scores[item.id] = best
            if item.required:
                state.total_required += 1
                state.done_required += finished
        module_state.complete = all(i.done for i in module_state.items if i.item.required)
        if course.sequential and previous is not None:
            module_state.locked_by = previous.locked_by or (
                None if previous.complete else previous.module
            )
        state.modules.append(module_state)
        previous = module_state
    state.resume = resume_item(row, state, items)
    return state


def resume_item(row: Enrolment | None, state: CourseState, items) -> Item | None:
    """Where the learner left off, else the first open item not done."""
    if row is None or not items:
        return None
    if row.last_lesson_id is not None:
        for _module, item in items:
            if item.id == row.last_lesson_id:
                return item
    for module in state.modules:
        if module.locked_by is None:
            for item in module.items:
                if not item.done:
                    return item.item
    return items[0][1]


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
        raise LearningError("locked", module.locked_by.text.title)
    return state, item


def visit(state: CourseState, item: Item) -> None:
    """Remember the last item opened, to resume there."""
    row = state.enrolment
    if row is not None and (row.last_lesson_id != item.id):
        row.last_lesson_id = item.id
        row.last_seen_at = utcnow()
        db.session.commit()


@dataclass(frozen=True)
class CourseRef:
    """A course's identity, kept past a commit (which expires ORM objects)."""

    id: int
    version: int
    slug: str
    language: str


def complete_lesson(user_id: int, course_slug: str, lesson_slug: str) -> CourseRef:
    """Mark a lesson as done in few queries (the hot path of a learner's day); returns its course.

    The same rules as `open_item`: enrolled, lesson visible, its module open. Plain rows and
    statements built once: building and loading ORM objects cost more than the queries."""
    queries = completion_queries()
    connection = db.session.connection()  # rows, not ORM objects: skip the ORM's result layer
    found = connection.execute(
        queries.find, {"user_id": user_id, "course_slug": course_slug, "lesson_slug": lesson_slug}
    ).first()
    if found is None or found.kind != "lesson":
        raise LearningError("not_found")
    ref = CourseRef(found.course_id, found.version, found.slug, found.language)
    if found.enrolment_id is None:
        raise LearningError("not_enrolled")
    course = {"user_id": user_id, "course_id": ref.id}
    if found.sequential:
        blocking = connection.scalar(queries.blocking, {**course, "position": found.position})
        if blocking is not None:
            raise LearningError("locked", blocking)
    try:
        connection.execute(queries.insert, {"user_id": user_id, "lesson_id": found.lesson_id})
    except IntegrityError:  # already done (perhaps by a simultaneous request)
        db.session.rollback()
        return ref
    if found.completed_at is None and connection.scalar(queries.unfinished, course) is None:
        connection.execute(queries.stamp, {"enrolment_id": found.enrolment_id, "now": utcnow()})
    db.session.commit()
    return ref


@dataclass(frozen=True)
class CompletionQueries:
    """The statements of `complete_lesson`, with bound parameters, built once per process."""

    find: Any
    blocking: Any
    unfinished: Any
    insert: Any
    stamp: Any


@cache
def completion_queries() -> CompletionQueries:
    """Build the statements on first use (every mapper is configured by then)."""
    find = (
        select(
            Lesson.id.label("lesson_id"),
            Lesson.kind,
            Module.position,
            Course.id.label("course_id"),
            Course.version,
            Course.slug,
            Course.language,
            Course.sequential,
            Enrolment.id.label("enrolment_id"),
            Enrolment.completed_at,
        )
        .join(Course, Course.id == Lesson.course_id)
        .join(Module, Module.id == Lesson.module_id)
        .outerjoin(
            Enrolment,
            and_(Enrolment.course_id == Course.id, Enrolment.user_id == bindparam("user_id")),
        )
        .where(
            Course.slug == bindparam("course_slug"),
            *visible(),
            Lesson.slug == bindparam("lesson_slug"),
            Lesson.archived_at.is_(None),
            Module.archived_at.is_(None),
        )
    )
    enrolments = Enrolment.__table__
    return CompletionQueries(
        find=find,
        blocking=unfinished().where(Module.position < bindparam("position")).limit(1),
        unfinished=unfinished().limit(1),
        # Core statements on the tables: no unit of work for one row.
        insert=insert(LessonProgress.__table__),
        # A stamp written meanwhile by a simultaneous request stays: completion happens once.
        stamp=update(enrolments)
        .where(enrolments.c.id == bindparam("enrolment_id"), enrolments.c.completed_at.is_(None))
        .values(completed_at=bindparam("now")),
    )


def unfinished():
    """Required lessons not done and required quizzes not passed, by module position.

    Selects the id of the first such item's module, for lock messages; takes the parameters
    `user_id` and `course_id`."""
    user_id = bindparam("user_id")
    done = select(LessonProgress.id).where(
        LessonProgress.user_id == user_id, LessonProgress.lesson_id == Lesson.id
    )
    passed = select(QuizAttempt.id).where(
        QuizAttempt.user_id == user_id,
        QuizAttempt.lesson_id == Lesson.id,
        QuizAttempt.passed.is_(True),
    )
    return (
        select(Module.id)
        .join(Lesson, Lesson.module_id == Module.id)
        .where(
            Module.course_id == bindparam("course_id"),
            Module.archived_at.is_(None),
            Lesson.archived_at.is_(None),
            Lesson.required.is_(True),
            or_(
                and_(Lesson.kind == "lesson", ~exists(done)),
                and_(Lesson.kind == "quiz", ~exists(passed)),
            ),
        )
        .order_by(Module.position)
    )


def stamp_completion(state: CourseState) -> None:
    """Record when the enrolment became complete (the caller commits)."""
    if state.complete and state.enrolment.completed_at is None:
        state.enrolment.completed_at = utcnow()


def complete_if_done(user_id: int, outline: dict[str, Any]) -> None:
    """Stamp the enrolment when every required item is done (after a quiz is passed)."""
    state = course_state(user_id, outline)
    if state.enrolment is not None:
        stamp_completion(state)
        db.session.commit()
