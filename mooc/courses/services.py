"""Learning operations, each one transaction: enrol (one learner or many), remember where a
learner is, mark a lesson as done, stamp a course's completion, follow a learning path."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Row, and_, bindparam, exists, or_, select, update

from mooc import signals
from mooc.assignments.models import Submission
from mooc.clock import utcnow
from mooc.courses import progress
from mooc.courses.errors import LearningError
from mooc.courses.models import (
    Course,
    Enrolment,
    LearningPath,
    Lesson,
    LessonProgress,
    Module,
    PathCourse,
    PathEnrolment,
)
from mooc.courses.outlines import Item, outline_of, visible
from mooc.courses.progress import CourseState, enrolment, path_state
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt
from mooc.transactions import insert_ignoring_duplicates, insert_once, insert_rows, transactional


@transactional
def enrol(user_id: int, course_id: int) -> Enrolment:
    """Enrol once; enrolling again (even at the same instant) returns the same row."""
    now = utcnow()
    values = {"user_id": user_id, "course_id": course_id, "created_at": now, "last_seen_at": now}
    if insert_once(Enrolment, values):
        signals.send(signals.course_enrolled, user_ids=[user_id], course_id=course_id)
    return enrolment(user_id, course_id)


@transactional
def enrol_many(user_ids: Iterable[int], course_id: int) -> list[int]:
    """Enrol every learner of `user_ids` not yet enrolled, in two statements whatever their
    number; returns the ids of those enrolled now."""
    new = add_missing(Enrolment, "course_id", course_id, user_ids, ("created_at", "last_seen_at"))
    if new:
        signals.send(signals.course_enrolled, user_ids=new, course_id=course_id)
    return new


def add_missing(model, parent: str, parent_id: int, user_ids: Iterable[int], stamps) -> list[int]:
    """Insert a (learner, `parent`) row of `model` for each learner of `user_ids` who has none,
    in two statements whatever their number; returns those learners' ids. `stamps`: the
    columns set to now."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return []
    column = getattr(model, parent)
    query = select(model.user_id).where(column == parent_id, model.user_id.in_(wanted))
    already = set(db.session.scalars(query))
    new = [user_id for user_id in wanted if user_id not in already]
    now = utcnow()
    times = dict.fromkeys(stamps, now)
    insert_rows(model, [{"user_id": u, parent: parent_id, **times} for u in new])
    return new


def open_item(user_id: int, page: dict[str, Any], slug: str) -> tuple[CourseState, Any]:
    """Open an item the learner may open (see `progress.open_item`) and remember it (an
    operation only when it is not the one she opened last: reading a page again writes
    nothing and commits nothing)."""
    state, item_state = progress.open_item(user_id, page, slug)
    remember(state, item_state.item)
    return state, item_state


def remember(state: CourseState, item: Item) -> None:
    """`visit`, when `item` is not already the one she opened last (no operation then)."""
    if state.enrolment is not None and state.enrolment.last_lesson_id != item.id:
        visit(state, item)


@transactional
def visit(state: CourseState, item: Item) -> None:
    """Remember the last item opened, to resume there."""
    row = state.enrolment
    if row is not None and (row.last_lesson_id != item.id):
        row.last_lesson_id = item.id
        row.last_seen_at = utcnow()


@transactional
def complete_lesson(user_id: int, course_slug: str, lesson_slug: str, locale: str = "en") -> Row:
    """Mark a lesson as done in few statements (the hot path of a learner's day).

    The same rules as `progress.open_item`: enrolled, lesson visible, its module open. Returns a
    row with the course's `id`, `version`, `slug` and `language` (enough for `outline_of`).
    Plain rows and statements built once: building and loading ORM objects cost more than the
    queries."""
    connection = db.session.connection()  # rows, not ORM objects: skip the ORM's result layer
    queries = completion_queries(connection.dialect.name)
    found = connection.execute(
        queries.find, {"user_id": user_id, "course_slug": course_slug, "lesson_slug": lesson_slug}
    ).first()
    if found is None or found.kind != "lesson":
        raise LearningError("not_found")
    if found.enrolment_id is None:
        raise LearningError("not_enrolled")
    course = {"user_id": user_id, "course_id": found.id}
    if found.sequential and found.completed_at is None:  # a completed course locks nothing
        blocking = connection.scalar(queries.blocking, {**course, "position": found.position})
        if blocking is not None:
            raise locked_by(outline_of(found, locale, titles_only=True), blocking)
    inserted = connection.execute(
        queries.insert, {"user_id": user_id, "lesson_id": found.lesson_id, "now": utcnow()}
    )
    if inserted.first() is None:  # already done (perhaps by a simultaneous request)
        return found
    signals.send(
        signals.lesson_completed, user_id=user_id, lesson_id=found.lesson_id, course_id=found.id
    )
    if found.completed_at is None:
        stamp_completion(user_id, found.id, found.enrolment_id)
    return found


def locked_by(outline: dict[str, Any], module_id: int) -> LearningError:
    """The refusal naming the module to complete first (its title in the reader's language)."""
    module = next(m for m in outline["modules"] if m.id == module_id)
    return LearningError("locked", module=module.text.title, module_slug=module.slug)


def stamp_completion(user_id: int, course_id: int, enrolment_id: int) -> bool:
    """Stamp the enrolment when no required item is left (the caller's transaction); a stamp
    written meanwhile stays: completion happens once. True when stamped now."""
    connection = db.session.connection()
    queries = completion_queries(connection.dialect.name)
    left = {"user_id": user_id, "course_id": course_id}
    if connection.execute(queries.unfinished, left).first() is not None:
        return False
    now = utcnow()
    stamped = connection.execute(queries.stamp, {"enrolment_id": enrolment_id, "now": now})
    if stamped.rowcount != 1:
        return False
    signals.send(signals.course_completed, user_id=user_id, course_id=course_id, completed_at=now)
    return True


def stamp_if_complete(user_id: int, course_id: int) -> bool:
    """Stamp the learner's enrolment in the course if every required item is done."""
    row = enrolment(user_id, course_id)
    if row is None or row.completed_at is not None:
        return False
    return stamp_completion(user_id, course_id, row.id)


@dataclass(frozen=True)
class CompletionQueries:
    """The statements of `complete_lesson`, with bound parameters, built once per process."""

    find: Any
    blocking: Any
    unfinished: Any
    insert: Any
    stamp: Any


@cache
def completion_queries(dialect: str) -> CompletionQueries:
    """Build the statements on first use (every mapper is configured by then), per dialect."""
    find = (
        select(
            Lesson.id.label("lesson_id"),
            Lesson.kind,
            Module.position,
            Course.id,
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
        # the nearest earlier module not complete (as `progress.course_state` names it)
        blocking=unfinished()
        .where(Module.position < bindparam("position"))
        .order_by(None)
        .order_by(Module.position.desc())
        .limit(1),
        unfinished=unfinished().limit(1),
        insert=insert_ignoring_duplicates(LessonProgress, dialect, returning=True).values(
            user_id=bindparam("user_id"),
            lesson_id=bindparam("lesson_id"),
            completed_at=bindparam("now"),
        ),
        stamp=update(enrolments)
        .where(enrolments.c.id == bindparam("enrolment_id"), enrolments.c.completed_at.is_(None))
        .values(completed_at=bindparam("now")),
    )


def unfinished():
    """Required items not finished, by module position: lessons not done, quizzes and
    assignments not passed, as `progress.finished_item` says.

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
    assignment_passed = select(Submission.id).where(
        Submission.user_id == user_id,
        Submission.lesson_id == Lesson.id,
        Submission.passed.is_(True),
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
                and_(Lesson.kind == "assignment", ~exists(assignment_passed)),
                Lesson.kind.not_in(("lesson", "quiz", "assignment")),
            ),
        )
        .order_by(Module.position)
    )


@transactional
def enrol_path(user_id: int, slug: str, locale: str) -> dict[str, Any]:
    """Follow a path (idempotent) and enrol in its first course not complete."""
    page = path_state(user_id, slug, locale)
    if page is None:
        raise LearningError("not_found")
    if not page["enrolled"]:
        path_id = page["path"].id
        values = {"user_id": user_id, "path_id": path_id, "created_at": utcnow()}
        if insert_once(PathEnrolment, values):
            signals.send(signals.path_enrolled, user_ids=[user_id], path_id=path_id)
    target = page["next"]
    if target is not None and target["locked_by"] is None:
        enrol(user_id, target["course"].id)
    return page


@transactional
def enrol_path_many(user_ids: Iterable[int], path_id: int) -> None:
    """Make many learners follow a path, each enrolled in the path's first course they have not
    completed; a handful of statements per course of the path, whatever the number of learners."""
    wanted = sorted(set(user_ids))
    path = db.session.get(LearningPath, path_id)
    if not wanted or path is None or path.archived_at is not None:
        return
    new = add_missing(PathEnrolment, "path_id", path_id, wanted, ("created_at",))
    if new:
        signals.send(signals.path_enrolled, user_ids=new, path_id=path_id)
    courses = list(
        db.session.scalars(
            select(PathCourse.course_id)
            .join(Course, Course.id == PathCourse.course_id)
            .where(PathCourse.path_id == path_id, *visible())
            .order_by(PathCourse.position)
        )
    )
    completed: dict[int, set[int]] = {course_id: set() for course_id in courses}
    for user_id, course_id in db.session.execute(
        select(Enrolment.user_id, Enrolment.course_id).where(
            Enrolment.course_id.in_(courses),
            Enrolment.user_id.in_(wanted),
            Enrolment.completed_at.is_not(None),
        )
    ):
        completed[course_id].add(user_id)
    # Each learner's next course: the first one of the path she has not completed.
    targets: dict[int, list[int]] = {}
    for user_id in wanted:
        course_id = next((c for c in courses if user_id not in completed[c]), None)
        if course_id is not None:
            targets.setdefault(course_id, []).append(user_id)
    for course_id, learners in targets.items():
        enrol_many(learners, course_id)


@transactional
def enrol_from_path(user_id: int, path_slug: str, course_slug: str, locale: str) -> None:
    """Enrol in a course of a path, refusing a course that the path's order keeps locked."""
    page = path_state(user_id, path_slug, locale)
    entry = next(
        (c for c in (page or {}).get("courses", []) if c["course"].slug == course_slug), None
    )
    if entry is None:
        raise LearningError("not_found")
    if entry["locked_by"]:
        raise LearningError("path_locked", course=entry["locked_by"])
    enrol(user_id, entry["course"].id)
