"""What a trainer sees of her cohort's assignments (reads): counts, the rubric analysis, the
submissions and one submission with its named reviews."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import and_, case, exists, func, select

from mooc.accounts.models import User
from mooc.assignments.models import Review, Submission
from mooc.assignments.queries import CriterionText, rubric
from mooc.cohorts.models import Cohort
from mooc.courses.models import Lesson, PathCourse
from mooc.extensions import db


@dataclass
class CriterionSpread:
    """How many reviews gave each level of one criterion."""

    criterion: CriterionText
    counts: list[tuple[int, int]] = field(default_factory=list)  # (level points, reviews)

    @property
    def total(self) -> int:
        """Reviews that rated this criterion."""
        return sum(n for _points, n in self.counts)


@dataclass
class AssignmentSummary:
    """One assignment in a cohort: its counts, the rubric analysis and the submissions."""

    lesson: Lesson
    title: str
    submitted: int = 0
    reviewed: int = 0  # with at least one review done
    passed: int = 0
    waiting: int = 0  # handed in, not graded yet
    flagged: int = 0  # reviews flagged as unfair, not decided
    spread: list[CriterionSpread] = field(default_factory=list)
    rows: list[tuple[Submission, str, int]] = field(default_factory=list)  # (work, author, done)


@dataclass
class AssignmentCounts:
    """One assignment's counts in a cohort, as the dashboard shows them."""

    title: str
    submitted: int = 0  # handed in (waiting or graded)
    reviewed: int = 0  # handed in, with at least one review done
    passed: int = 0
    waiting: int = 0  # handed in, not graded yet
    flagged: int = 0  # reviews flagged as unfair, not decided


def counts(scope) -> list[AssignmentCounts]:
    """The dashboard's assignment section: every live assignment of the cohort's courses (from
    their kept outlines, in course order) with its counts, in one aggregate query whatever
    the number of submissions and reviews (`summaries` loads every one of them, for the page
    that lists them)."""
    items = [
        item for entry in scope.modules for item in entry.module.items if item.kind == "assignment"
    ]
    if not items:
        return []
    ids = [item.id for item in items]
    cohort_id = scope.cohort.id

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    handed_in = Submission.status.in_(("submitted", "graded"))
    reviewed = exists().where(Review.submission_id == Submission.id, Review.status == "done")
    flags = (
        select(func.count())
        .where(Review.submission_id == Submission.id, Review.flag == "open")
        .scalar_subquery()
    )
    found = {
        lesson_id: figures
        for lesson_id, *figures in db.session.execute(
            select(
                Submission.lesson_id,
                count(handed_in),
                count(and_(handed_in, reviewed)),
                count(and_(handed_in, Submission.passed.is_(True))),
                count(Submission.status == "submitted"),
                func.coalesce(func.sum(flags), 0),
            )
            .where(Submission.cohort_id == cohort_id, Submission.lesson_id.in_(ids))
            .group_by(Submission.lesson_id)
        )
    }
    result = []
    for item in items:
        figures = (int(n) for n in found.get(item.id, (0, 0, 0, 0, 0)))
        result.append(AssignmentCounts(item.title, *figures))
    return result


def cohort_lessons(cohort: Cohort) -> list[Lesson]:
    """The live assignments of the cohort's course (or of its path's courses)."""
    if cohort.course_id is not None:
        courses = [cohort.course_id]
    else:
        courses = list(
            db.session.scalars(
                select(PathCourse.course_id).where(PathCourse.path_id == cohort.path_id)
            )
        )
    return list(
        db.session.scalars(
            select(Lesson)
            .where(
                Lesson.course_id.in_(courses),
                Lesson.kind == "assignment",
                Lesson.archived_at.is_(None),
            )
            .order_by(Lesson.course_id, Lesson.position, Lesson.id)
        )
    )


def summaries(cohort: Cohort, locale: str) -> list[AssignmentSummary]:
    """Every assignment of the cohort with its counts, spread of levels and submissions."""
    found = []
    for lesson in cohort_lessons(cohort):
        texts = {t.locale: t.title for t in lesson.translations if t.archived_at is None}
        title = texts.get(locale) or texts.get(lesson.course.language) or lesson.slug
        found.append(summary(cohort, lesson, title, locale))
    return found


def summary(cohort: Cohort, lesson: Lesson, title: str, locale: str) -> AssignmentSummary:
    """One assignment's counts in the cohort (three queries)."""
    result = AssignmentSummary(lesson, title)
    rows = db.session.execute(
        select(Submission, User.display_name)
        .join(User, User.id == Submission.user_id)
        .where(Submission.lesson_id == lesson.id, Submission.cohort_id == cohort.id)
        .order_by(User.display_name, Submission.id)
    ).all()
    ids = [s.id for s, _name in rows]
    reviews = (
        list(db.session.scalars(select(Review).where(Review.submission_id.in_(ids)))) if ids else []
    )
    done: Counter[int] = Counter(r.submission_id for r in reviews if r.status == "done")
    for submission, name in rows:
        result.rows.append((submission, name, done[submission.id]))
        if not submission.is_submitted:
            continue
        result.submitted += 1
        result.reviewed += done[submission.id] > 0
        result.passed += bool(submission.passed)
        result.waiting += submission.status == "submitted"
    result.flagged = sum(1 for r in reviews if r.flag == "open")
    levels: dict[str, Counter[int]] = {}
    for review in reviews:
        if review.counts:
            for cid, points in (review.levels or {}).items():
                levels.setdefault(cid, Counter())[points] += 1
    for criterion in rubric(lesson, locale, lesson.course.language):
        counts = levels.get(criterion.criterion.cid, Counter())
        result.spread.append(
            CriterionSpread(criterion, [(p, counts[p]) for p in criterion.criterion.points])
        )
    return result


def cohort_submission(cohort: Cohort, submission_id: int) -> Submission | None:
    """A submission of the cohort (None for another cohort's, as for one that does not exist)."""
    return db.session.scalar(
        select(Submission).where(
            Submission.id == submission_id,
            Submission.cohort_id == cohort.id,
            Submission.status != "draft",
        )
    )


def named_reviews(submission: Submission) -> list[tuple[Review, str]]:
    """Every review of a submission with its reviewer's name (trainers see them)."""
    return list(
        db.session.execute(
            select(Review, User.display_name)
            .join(User, User.id == Review.reviewer_id)
            .where(Review.submission_id == submission.id)
            .order_by(Review.kind.desc(), Review.id)
        ).all()
    )


def author_name(submission: Submission) -> str:
    """The author's display name."""
    return db.session.scalar(select(User.display_name).where(User.id == submission.user_id))


def review_of(submission: Submission, review_id: int) -> Review | None:
    """A review of that submission (None for any other)."""
    return db.session.scalar(
        select(Review).where(Review.id == review_id, Review.submission_id == submission.id)
    )
