"""The dashboard's counters, kept in the transaction of each write that changes them.

Per member (`cohort_members`): required items done, the last moment of work, the sum of best
quiz scores and the quizzes tried; per member and module (`cohort_module_progress`): required
items done; per cohort and quiz question (`cohort_question_counts`): first attempts and right
answers. The dashboard reads them with aggregate queries over indexed columns and never scans
progress rows, so its cost does not grow with what learners did.

A member's counters are recounted from her rows (a few indexed statements) whenever one of
her rows changes: a lesson done, a quiz graded, her joining. A content sync recounts every
member of the cohorts on the synced courses (archiving a lesson changes what is required).
Recounting, not adding one, keeps the counters equal to the truth whatever the order of
events. Question counts are added per first attempt (the only attempt that counts) and, for
a member who joins or leaves, her first attempts are added or taken away.

What is counted is what `mooc.cohorts.reports.scope_of` measures: the cohort's course (or its
path's courses), lessons and quizzes not archived in modules not archived, `required` ones
for `done`, every quiz for scores."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import (
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    distinct,
    func,
    insert,
    literal,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.orm import aliased

from mooc.cohorts.models import Cohort, CohortMember, CohortModuleProgress, CohortQuestionCount
from mooc.courses.models import Course, LessonProgress, PathCourse
from mooc.courses.models.content import Lesson, Module
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt
from mooc.transactions import insert_rows


@dataclass
class Items:
    """A cohort's items, as its scope counts them."""

    courses: list[int]
    lessons: list[int] = field(default_factory=list)  # required reading lessons
    required_quizzes: list[int] = field(default_factory=list)
    quizzes: list[int] = field(default_factory=list)  # every quiz


def course_ids(cohort: Cohort) -> list[int]:
    """The cohort's course, or its path's courses."""
    if cohort.course_id is not None:
        return [cohort.course_id]
    return list(
        db.session.scalars(select(PathCourse.course_id).where(PathCourse.path_id == cohort.path_id))
    )


def items_of(cohort: Cohort) -> Items:
    """Lessons and quizzes of the cohort's courses, not archived, in modules not archived."""
    items = Items(course_ids(cohort))
    rows = db.session.execute(
        select(Lesson.id, Lesson.kind, Lesson.required)
        .join(Module, Module.id == Lesson.module_id)
        .where(
            Lesson.course_id.in_(items.courses),
            Module.course_id == Lesson.course_id,
            Lesson.archived_at.is_(None),
            Module.archived_at.is_(None),
        )
        .order_by(Lesson.id)
    )
    for lesson_id, kind, required in rows:
        if kind == "quiz":
            items.quizzes.append(lesson_id)
            if required:
                items.required_quizzes.append(lesson_id)
        elif kind == "lesson" and required:
            items.lessons.append(lesson_id)
    return items


def cohorts_on(course_id: int, user_ids: Iterable[int] | None = None) -> list[Cohort]:
    """The cohorts on a course, directly or through a path (only those of `user_ids`)."""
    query = select(Cohort).where(
        or_(
            Cohort.course_id == course_id,
            Cohort.path_id.in_(select(PathCourse.path_id).where(PathCourse.course_id == course_id)),
        )
    )
    if user_ids is not None:
        members = select(CohortMember.cohort_id).where(CohortMember.user_id.in_(list(user_ids)))
        query = query.where(Cohort.id.in_(members))
    return list(db.session.scalars(query.order_by(Cohort.id)))


def latest(first, second):
    """The later of two moments, either of which may be missing (the same on both databases)."""
    return case(
        (first.is_(None), second),
        (second.is_(None), first),
        (first >= second, first),
        else_=second,
    )


def recount(cohort: Cohort, user_ids: Iterable[int] | None = None, items: Items | None = None):
    """Recount the counters of the cohort's members (all of them, or those of `user_ids`) from
    their progress rows: a fixed number of statements whatever their number."""
    items = items or items_of(cohort)
    wanted = None if user_ids is None else sorted(set(user_ids))
    if wanted == []:
        return
    user = CohortMember.user_id
    lessons_done = (
        select(func.count())
        .where(LessonProgress.user_id == user, LessonProgress.lesson_id.in_(items.lessons))
        .scalar_subquery()
    )
    quizzes_passed = (
        select(func.count(distinct(QuizAttempt.lesson_id)))
        .where(
            QuizAttempt.user_id == user,
            QuizAttempt.lesson_id.in_(items.required_quizzes),
            QuizAttempt.passed.is_(True),
        )
        .scalar_subquery()
    )
    lesson_at = (
        select(func.max(LessonProgress.completed_at))
        .where(LessonProgress.user_id == user, LessonProgress.lesson_id.in_(items.lessons))
        .scalar_subquery()
    )
    quiz_at = (
        select(func.max(QuizAttempt.created_at))
        .where(QuizAttempt.user_id == user, QuizAttempt.lesson_id.in_(items.quizzes))
        .scalar_subquery()
    )
    better = aliased(QuizAttempt)
    best_sum = (
        select(func.coalesce(func.sum(QuizAttempt.score), 0.0))
        .where(
            QuizAttempt.user_id == user,
            QuizAttempt.lesson_id.in_(items.quizzes),
            ~select(better.id)
            .where(
                better.user_id == QuizAttempt.user_id,
                better.lesson_id == QuizAttempt.lesson_id,
                or_(
                    better.score > QuizAttempt.score,
                    and_(better.score == QuizAttempt.score, better.id < QuizAttempt.id),
                ),
            )
            .exists(),
        )
        .scalar_subquery()
    )  # one best attempt per quiz
    tried = (
        select(func.count(distinct(QuizAttempt.lesson_id)))
        .where(QuizAttempt.user_id == user, QuizAttempt.lesson_id.in_(items.quizzes))
        .scalar_subquery()
    )
    statement = (
        update(CohortMember)
        .where(CohortMember.cohort_id == cohort.id)
        .values(
            done=lessons_done + quizzes_passed,
            worked_at=latest(lesson_at, quiz_at),
            score_sum=best_sum,
            scored=tried,
        )
        .execution_options(synchronize_session=False)
    )
    members = select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id)
    if wanted is not None:
        statement = statement.where(CohortMember.user_id.in_(wanted))
        members = members.where(CohortMember.user_id.in_(wanted))
    db.session.execute(statement)
    recount_modules(cohort, items, members, wanted)


def recount_modules(cohort: Cohort, items: Items, members, wanted: list[int] | None) -> None:
    """Each member's required items done per module, rows only for modules begun."""
    clear = delete(CohortModuleProgress).where(CohortModuleProgress.cohort_id == cohort.id)
    if wanted is not None:
        clear = clear.where(CohortModuleProgress.user_id.in_(wanted))
    db.session.execute(clear.execution_options(synchronize_session=False))
    done = union(
        select(LessonProgress.user_id, LessonProgress.lesson_id).where(
            LessonProgress.lesson_id.in_(items.lessons), LessonProgress.user_id.in_(members)
        ),
        select(QuizAttempt.user_id, QuizAttempt.lesson_id).where(
            QuizAttempt.lesson_id.in_(items.required_quizzes),
            QuizAttempt.passed.is_(True),
            QuizAttempt.user_id.in_(members),
        ),
    ).subquery()
    per_module = (
        select(literal(cohort.id), done.c.user_id, Lesson.module_id, func.count())
        .join(Lesson, Lesson.id == done.c.lesson_id)
        .group_by(done.c.user_id, Lesson.module_id)
    )
    db.session.execute(
        insert(CohortModuleProgress).from_select(
            ["cohort_id", "user_id", "module_id", "done"], per_module
        )
    )  # one statement, in the database: the rows were deleted just before


def first_attempts(cohort_id: int, items: Items, user_ids: list[int] | None):
    """Per (quiz, question): first attempts and right answers of the cohort's members (or of
    `user_ids`), counted by the database."""
    each = func.json_each(QuizAttempt.results).table_valued("key", "value", joins_implicitly=True)
    correct = case((cast(each.c.value, String).in_(("true", "1")), 1), else_=0)
    members = select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)
    if user_ids is not None:
        members = members.where(CohortMember.user_id.in_(user_ids))
    quizzes = select(Lesson.id).where(Lesson.course_id.in_(items.courses), Lesson.kind == "quiz")
    return db.session.execute(
        select(QuizAttempt.lesson_id, each.c.key, func.count(), func.sum(correct))
        .where(
            QuizAttempt.lesson_id.in_(quizzes),
            QuizAttempt.number == 1,
            QuizAttempt.user_id.in_(members),
        )
        .group_by(QuizAttempt.lesson_id, each.c.key)
    ).all()


def add_questions(cohort_id: int, counts, sign: int = 1) -> None:
    """Add (or, with `sign` -1, take away) first attempts per (quiz, question)."""
    if not counts:
        return
    insert_rows(
        CohortQuestionCount,
        [
            {"cohort_id": cohort_id, "quiz_id": quiz_id, "qid": qid, "attempts": 0, "right": 0}
            for quiz_id, qid, _attempts, _right in counts
        ],
    )
    grouped: dict[tuple[int, int, int], list[tuple[int, str]]] = defaultdict(list)
    for quiz_id, qid, attempts, right in counts:
        grouped[(int(attempts), int(right or 0), quiz_id)].append(qid)
    for (attempts, right, quiz_id), qids in grouped.items():  # one statement per kind of change
        db.session.execute(
            update(CohortQuestionCount)
            .where(
                CohortQuestionCount.cohort_id == cohort_id,
                CohortQuestionCount.quiz_id == quiz_id,
                CohortQuestionCount.qid.in_(qids),
            )
            .values(
                attempts=CohortQuestionCount.attempts + sign * attempts,
                right=CohortQuestionCount.right + sign * right,
            )
            .execution_options(synchronize_session=False)
        )


def recount_questions(cohort: Cohort, items: Items | None = None) -> None:
    """The cohort's question counts from its members' first attempts."""
    items = items or items_of(cohort)
    db.session.execute(
        delete(CohortQuestionCount)
        .where(CohortQuestionCount.cohort_id == cohort.id)
        .execution_options(synchronize_session=False)
    )
    add_questions(cohort.id, first_attempts(cohort.id, items, None))


def recount_cohort(cohort: Cohort) -> None:
    """Every counter of a cohort, from scratch (demo data written directly, a path cohort
    after a sync)."""
    items = items_of(cohort)
    recount(cohort, None, items)
    recount_questions(cohort, items)


# What the receivers and services call.


@cache
def _learner_cohorts():
    """The ids of a learner's cohorts on a course (directly or through a path): one statement,
    built once (it runs on every lesson done and quiz graded, most often finding none)."""
    on_path = select(PathCourse.path_id).where(PathCourse.course_id == bindparam("course"))
    return (
        select(CohortMember.cohort_id)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(
            CohortMember.user_id == bindparam("user"),
            or_(Cohort.course_id == bindparam("course"), Cohort.path_id.in_(on_path)),
        )
        .order_by(CohortMember.cohort_id)
    )


def learner_cohorts(course_id: int, user_id: int) -> list[Cohort]:
    """The learner's cohorts on a course; no ORM work at all when she is in none."""
    ids = db.session.execute(_learner_cohorts(), {"user": user_id, "course": course_id})
    found = list(ids.scalars())
    if not found:
        return []
    return list(db.session.scalars(select(Cohort).where(Cohort.id.in_(found)).order_by(Cohort.id)))


def learner_worked(user_id: int, course_id: int) -> None:
    """A learner's row changed in a course: recount her in the cohorts on it."""
    for cohort in learner_cohorts(course_id, user_id):
        recount(cohort, [user_id])


def quiz_graded(attempt: QuizAttempt, course_id: int) -> None:
    """A graded attempt: recount the learner; a first attempt adds to the item analysis."""
    for cohort in learner_cohorts(course_id, attempt.user_id):
        recount(cohort, [attempt.user_id])
        if attempt.number == 1:
            results = attempt.results or {}
            add_questions(
                cohort.id,
                [(attempt.lesson_id, qid, 1, 1 if right else 0) for qid, right in results.items()],
            )


def member_joined(cohort: Cohort, user_id: int) -> None:
    """A new member brings her progress and her first attempts."""
    items = items_of(cohort)
    recount(cohort, [user_id], items)
    add_questions(cohort.id, first_attempts(cohort.id, items, [user_id]))


def members_leaving(user_ids: list[int]) -> None:
    """Members about to leave every cohort: their first attempts leave the item analysis and
    their module rows go (their member rows, with their counters, are deleted by the caller)."""
    cohorts = db.session.scalars(
        select(Cohort).where(
            Cohort.id.in_(select(CohortMember.cohort_id).where(CohortMember.user_id.in_(user_ids)))
        )
    )
    for cohort in cohorts:
        add_questions(cohort.id, first_attempts(cohort.id, items_of(cohort), user_ids), sign=-1)
    db.session.execute(
        delete(CohortModuleProgress)
        .where(CohortModuleProgress.user_id.in_(user_ids))
        .execution_options(synchronize_session=False)
    )


def content_synced(course_slugs: Iterable[str]) -> None:
    """A sync may archive, restore or make required any item: recount the cohorts on the
    synced courses and every path cohort (a path's courses may have changed)."""
    courses = select(Course.id).where(Course.slug.in_(list(course_slugs)))
    cohorts = db.session.scalars(
        select(Cohort)
        .where(or_(Cohort.course_id.in_(courses), Cohort.path_id.is_not(None)))
        .order_by(Cohort.id)
    )
    for cohort in cohorts:
        if cohort.path_id is None:
            recount(cohort)
        else:  # its courses, and so its quizzes, may be others now
            recount_cohort(cohort)
