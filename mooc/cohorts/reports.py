"""Cohort progress, computed in a fixed number of queries and streamed learner by learner.

A report never holds a cohort whole in memory: the per-learner rows come from two ordered,
streamed queries merged as they arrive (totals per learner, best score per learner and quiz)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Integer, and_, cast, func, select

from mooc.accounts.models import User
from mooc.certificates.models import Certificate
from mooc.certificates.queries import subject_filter
from mooc.clock import utcnow
from mooc.cohorts.access import member_ids
from mooc.cohorts.models import Cohort, CohortMember
from mooc.courses.models import Course, Enrolment, LearningPath, LessonProgress, PathCourse
from mooc.courses.outlines import Item, ModuleOutline, outline_of, path_page
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt

STREAM_BATCH = 500
ACTIVE_DAYS = 7


@dataclass
class ModuleScope:
    """A module of the cohort's course(s) and its required items."""

    course_title: str
    module: ModuleOutline
    required: list[int]


@dataclass
class Scope:
    """What a cohort's learners are measured on: the required items of its course or path."""

    cohort: Cohort
    title: str
    courses: list[Course]
    modules: list[ModuleScope]
    lessons: list[int]  # required reading lessons
    quizzes: list[Item]  # every quiz (required or not), in course order
    required_quizzes: list[int]

    @property
    def total(self) -> int:
        """Required items: lessons and quizzes."""
        return len(self.lessons) + len(self.required_quizzes)


@dataclass
class LearnerRow:
    """One learner's progress in the cohort."""

    user_id: int
    name: str
    email: str
    joined_at: datetime
    done: int
    total: int
    best: dict[int, float] = field(default_factory=dict)  # quiz id -> best score, 0 to 100
    passed: int = 0  # required quizzes passed
    certificate: str = ""
    last_activity: datetime | None = None

    @property
    def percent(self) -> float:
        """Share of required items done, 0 to 1."""
        return self.done / self.total if self.total else 0.0

    @property
    def completed(self) -> bool:
        """Every required lesson and quiz done."""
        return self.total > 0 and self.done >= self.total


@dataclass
class Summary:
    """A cohort at a glance."""

    enrolled: int = 0
    active: int = 0  # any activity in the last ACTIVE_DAYS days
    completed: int = 0
    certified: int = 0
    average_score: float | None = None  # mean best score over (learner, quiz) pairs tried

    @property
    def completion(self) -> float:
        """Share of learners who completed, 0 to 1."""
        return self.completed / self.enrolled if self.enrolled else 0.0


def scope_of(cohort: Cohort, locale: str) -> Scope:
    """The course (or the path's courses, in order) and their required items."""
    if cohort.course_id is not None:
        courses = [db.session.get(Course, cohort.course_id)]
        title = None
    else:
        path = db.session.get(LearningPath, cohort.path_id)
        courses = list(
            db.session.scalars(
                select(Course)
                .join(PathCourse, PathCourse.course_id == Course.id)
                .where(PathCourse.path_id == cohort.path_id)
                .order_by(PathCourse.position)
            )
        )
        page = path_page(path.slug, locale) if path is not None else None
        title = page["text"].title if page else (path.slug if path else "")
    scope = Scope(cohort, title or "", courses, [], [], [], [])
    for course in courses:
        outline = outline_of(course, locale, titles_only=True)
        if title is None:
            scope.title = outline["text"].title or course.slug
        for module in outline["modules"]:
            required = [item.id for item in module.items if item.required]
            scope.modules.append(ModuleScope(outline["text"].title, module, required))
            for item in module.items:
                if item.kind == "quiz":
                    scope.quizzes.append(item)
                    if item.required:
                        scope.required_quizzes.append(item.id)
                elif item.kind == "lesson" and item.required:
                    scope.lessons.append(item.id)
    return scope


def totals_query(scope: Scope):
    """Per learner, ordered by name: joined, lessons done, last activity, certificate."""
    cohort = scope.cohort
    members = member_ids(cohort.id)
    done = (
        select(
            LessonProgress.user_id,
            func.count().label("n"),
            func.max(LessonProgress.completed_at).label("last"),
        )
        .where(LessonProgress.lesson_id.in_(scope.lessons), LessonProgress.user_id.in_(members))
        .group_by(LessonProgress.user_id)
        .subquery()
    )
    seen = (
        select(Enrolment.user_id, func.max(Enrolment.last_seen_at).label("seen"))
        .where(
            Enrolment.course_id.in_([c.id for c in scope.courses]), Enrolment.user_id.in_(members)
        )
        .group_by(Enrolment.user_id)
        .subquery()
    )
    certificates = (
        select(Certificate.user_id, func.min(Certificate.code).label("code"))
        .where(subject_filter(cohort.course_id, cohort.path_id), Certificate.user_id.in_(members))
        .group_by(Certificate.user_id)
        .subquery()
    )
    return (
        select(
            User.id,
            User.display_name,
            User.email,
            CohortMember.joined_at,
            done.c.n,
            done.c.last,
            seen.c.seen,
            certificates.c.code,
        )
        .join(
            CohortMember, and_(CohortMember.user_id == User.id, CohortMember.cohort_id == cohort.id)
        )
        .outerjoin(done, done.c.user_id == User.id)
        .outerjoin(seen, seen.c.user_id == User.id)
        .outerjoin(certificates, certificates.c.user_id == User.id)
        .order_by(User.display_name, User.id)
    )


def scores_query(scope: Scope):
    """Per learner and quiz, in the same order as `totals_query`: best score, passed, last try."""
    return (
        select(
            QuizAttempt.user_id,
            QuizAttempt.lesson_id,
            func.max(QuizAttempt.score),
            func.max(cast(QuizAttempt.passed, Integer)),
            func.max(QuizAttempt.created_at),
        )
        .join(User, User.id == QuizAttempt.user_id)
        .where(
            QuizAttempt.lesson_id.in_([q.id for q in scope.quizzes]),
            QuizAttempt.user_id.in_(member_ids(scope.cohort.id)),
        )
        .group_by(User.display_name, QuizAttempt.user_id, QuizAttempt.lesson_id)
        .order_by(User.display_name, QuizAttempt.user_id)
    )


def streamed(query):
    """Rows fetched in batches (a server-side cursor on PostgreSQL)."""
    return db.session.execute(query.execution_options(yield_per=STREAM_BATCH))


def learner_rows(scope: Scope) -> Iterator[LearnerRow]:
    """Every learner of the cohort, by name, one at a time (two queries, whatever the size)."""
    required_quizzes = set(scope.required_quizzes)
    scores = iter(streamed(scores_query(scope)))
    pending = next(scores, None)
    for user_id, name, email, joined_at, done, last, seen, code in streamed(totals_query(scope)):
        row = LearnerRow(user_id, name, email, joined_at, done or 0, scope.total)
        row.certificate = code or ""
        moments = [m for m in (last, seen) if m is not None]
        while pending is not None and pending[0] == user_id:
            _uid, quiz_id, best, passed, tried = pending
            row.best[quiz_id] = float(best)
            if passed and quiz_id in required_quizzes:
                row.passed += 1
            moments.append(tried)
            pending = next(scores, None)
        row.done += row.passed
        row.last_activity = max(moments) if moments else None
        yield row


def summarise(rows) -> Summary:
    """Totals over learner rows (one pass; rows may be a stream)."""
    summary = Summary()
    since = utcnow() - timedelta(days=ACTIVE_DAYS)
    score_sum, score_count = 0.0, 0
    for row in rows:
        summary.enrolled += 1
        summary.active += bool(row.last_activity and row.last_activity >= since)
        summary.completed += row.completed
        summary.certified += bool(row.certificate)
        score_sum += sum(row.best.values())
        score_count += len(row.best)
    if score_count:
        summary.average_score = score_sum / score_count
    return summary


def summary_and_page(scope: Scope, offset: int, limit: int) -> tuple[Summary, list[LearnerRow]]:
    """The summary over every learner and the rows of one page, in one pass over the stream."""
    kept: list[LearnerRow] = []

    def keep(rows):
        for index, row in enumerate(rows):
            if offset <= index < offset + limit:
                kept.append(row)
            yield row

    return summarise(keep(learner_rows(scope))), kept


def cohort_summary(cohort: Cohort, locale: str) -> Summary:
    """A cohort's summary (for lists of cohorts)."""
    return summarise(learner_rows(scope_of(cohort, locale)))


def report_context(cohort: Cohort, scope: Scope, locale: str) -> dict:
    """Everything the PDF report shows (learner rows included: a PDF is read whole anyway)."""
    from mooc.cohorts import analysis
    from mooc.cohorts.chart import module_chart
    from mooc.cohorts.exports import summary_cells
    from mooc.cohorts.queries import trainers_of

    rows = list(learner_rows(scope))
    return {
        "cohort": cohort,
        "scope": scope,
        "summary_cells": summary_cells(summarise(rows)),
        "rows": rows,
        "chart": module_chart(analysis.module_completion(scope)),
        "questions": analysis.item_analysis(scope, locale),
        "trainers": trainers_of(cohort.id),
        "generated_at": utcnow(),
    }
