"""Reads: an assignment's rubric in the reader's language, a learner's cohort and city, her
submission and reviews, what a trainer sees of a cohort's work."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import or_, select

from mooc.accounts.models import User
from mooc.assignments.models import Criterion, CriterionTranslation, Review, Submission
from mooc.assignments.text import render
from mooc.cohorts.models import Cohort, CohortMember
from mooc.courses.links import expand
from mooc.courses.models import Lesson, PathCourse
from mooc.courses.outlines import with_texts
from mooc.extensions import db


@dataclass
class LevelText:
    """One level of a criterion: its points and its description."""

    points: int
    html: str


@dataclass
class CriterionText:
    """A live criterion with its texts in the reader's language (links expanded)."""

    criterion: Criterion
    title_html: str
    body_html: str = ""
    levels: list[LevelText] = field(default_factory=list)
    locale: str = ""

    @property
    def max_points(self) -> int:
        """The points of the best level."""
        return self.criterion.max_points


def rubric(lesson: Lesson, locale: str, default: str) -> list[CriterionText]:
    """The assignment's live criteria in order (one query), texts in `locale` else `default`."""
    rows = with_texts(
        Criterion,
        CriterionTranslation,
        "criterion_id",
        (Criterion.lesson_id == lesson.id, Criterion.archived_at.is_(None)),
        (Criterion.position,),
        (locale, default),
    )
    found = []
    for criterion, texts in rows:
        row = texts.get(locale) or texts.get(default) or next(iter(texts.values()), None)
        descriptions = list(row.levels) if row else []
        descriptions += [""] * (len(criterion.points) - len(descriptions))
        found.append(
            CriterionText(
                criterion,
                expand(row.title) if row else criterion.cid,
                expand(row.body_html) if row else "",
                [
                    LevelText(points, expand(html))
                    for points, html in zip(criterion.points, descriptions, strict=False)
                ],
                row.locale if row else "",
            )
        )
    return found


def total_points(criteria: list[CriterionText]) -> int:
    """The points a submission can reach: the best level of every criterion."""
    return sum(c.max_points for c in criteria)


def live_criteria(lesson: Lesson) -> list[Criterion]:
    """The assignment's live criteria, in order."""
    return list(
        db.session.scalars(
            select(Criterion)
            .where(Criterion.lesson_id == lesson.id, Criterion.archived_at.is_(None))
            .order_by(Criterion.position)
        )
    )


def group_of(user_id: int, course_id: int) -> tuple[int | None, int | None]:
    """The learner's cohort for a course (the first she joined of those on the course or on a
    path with it; None without one) and her city (her account's, else her cohort's)."""
    paths = select(PathCourse.path_id).where(PathCourse.course_id == course_id)
    row = db.session.execute(
        select(Cohort.id, Cohort.city_id)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(
            CohortMember.user_id == user_id,
            or_(Cohort.course_id == course_id, Cohort.path_id.in_(paths)),
        )
        .order_by(CohortMember.joined_at, Cohort.id)
        .limit(1)
    ).first()
    city = db.session.scalar(select(User.city_id).where(User.id == user_id))
    if row is None:
        return None, city
    return row.id, city if city is not None else row.city_id


def submission_of(user_id: int, lesson: Lesson) -> Submission | None:
    """The learner's submission of an assignment, if she started one."""
    return db.session.scalar(
        select(Submission).where(Submission.user_id == user_id, Submission.lesson_id == lesson.id)
    )


def reviews_to_do(user_id: int, lesson: Lesson) -> list[Review]:
    """The peer reviews the learner was given for an assignment, oldest first."""
    return list(
        db.session.scalars(
            select(Review)
            .join(Submission, Submission.id == Review.submission_id)
            .where(
                Review.reviewer_id == user_id,
                Review.kind == "peer",
                Submission.lesson_id == lesson.id,
            )
            .order_by(Review.id)
        )
    )


def given_review(user_id: int, lesson: Lesson, review_id: int) -> Review | None:
    """A review the learner was given (None for anyone else's, as for one that does not exist)."""
    return db.session.scalar(
        select(Review)
        .join(Submission, Submission.id == Review.submission_id)
        .where(
            Review.id == review_id,
            Review.reviewer_id == user_id,
            Review.kind == "peer",
            Submission.lesson_id == lesson.id,
        )
    )


@dataclass
class ReceivedReview:
    """A review of the learner's work as she sees it: the reviewer's name only when the course
    names reviewers (a trainer's review is always signed as a trainer's)."""

    review: Review
    reviewer: str | None
    trainer: bool


def received_reviews(submission: Submission) -> list[ReceivedReview]:
    """The done reviews of a submission, trainers' first, for its author (once it is graded)."""
    named = submission.lesson.course.slug in current_app.config["ASSIGNMENTS_NAMED_REVIEWS"]
    rows = db.session.execute(
        select(Review, User.display_name)
        .join(User, User.id == Review.reviewer_id)
        .where(Review.submission_id == submission.id, Review.status == "done")
        .order_by(Review.kind.desc(), Review.done_at, Review.id)
    )
    return [
        ReceivedReview(
            review, name if (named or review.kind == "trainer") else None, review.kind == "trainer"
        )
        for review, name in rows
    ]


def comments_html(review: Review) -> dict[str, str]:
    """A review's comments as safe HTML, per criterion id."""
    return {cid: render(text) for cid, text in (review.comments or {}).items()}


def lesson_row(lesson) -> Lesson:
    """The assignment's ORM row for the services (the outline keeps a copy of its columns, read
    once per course version, without the relationships the services follow)."""
    return lesson if isinstance(lesson, Lesson) else db.session.get(Lesson, lesson.id)
