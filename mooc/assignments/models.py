"""An assignment's rubric (criteria keyed by their stable ids, with their texts per locale), the
learners' submissions and their reviews.

The assignment itself is a `Lesson` row of kind `assignment` (its settings: `pass_mark`,
`reviews`, `max_words`, `required`); its brief is the body of its `LessonTranslation`s."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mooc.clock import utcnow
from mooc.courses.models import Archivable, Lesson
from mooc.extensions import db


class Criterion(Archivable, db.Model):
    """A criterion of an assignment's rubric, keyed by its id (`cid`) within the assignment.

    `points` are the levels' points in order, strictly increasing: what grading depends on,
    the same in every language. Rewording keeps the row; a criterion removed from the file is
    archived, and restored when its id returns."""

    __tablename__ = "criteria"
    __table_args__ = (UniqueConstraint("lesson_id", "cid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    cid: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    points: Mapped[list[int]] = mapped_column(JSON, default=list)

    lesson: Mapped[Lesson] = relationship()
    translations: Mapped[list[CriterionTranslation]] = relationship(
        back_populates="criterion", cascade="all, delete-orphan"
    )

    @property
    def max_points(self) -> int:
        """The points of the criterion's best level."""
        return self.points[-1] if self.points else 0

    def __repr__(self) -> str:
        return f"<Criterion {self.cid} {self.points}>"


class CriterionTranslation(Archivable, db.Model):
    """A criterion's title, guidance and level descriptions in one locale (sanitised HTML)."""

    __tablename__ = "criterion_translations"
    __table_args__ = (UniqueConstraint("criterion_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criteria.id"))
    locale: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(Text)  # inline HTML
    body_html: Mapped[str] = mapped_column(Text, default="")
    # One description per level, in the order of `Criterion.points`.
    levels: Mapped[list[str]] = mapped_column(JSON, default=list)

    criterion: Mapped[Criterion] = relationship(back_populates="translations")

    def __repr__(self) -> str:
        return f"<CriterionTranslation {self.criterion_id} {self.locale}>"


SUBMISSION_STATUSES = ("draft", "submitted", "graded")
REVIEW_STATUSES = ("assigned", "done", "expired")
FLAG_STATUSES = ("", "open", "upheld", "dismissed")


class Submission(db.Model):
    """A learner's work on an assignment: one row per learner and assignment, kept through
    drafts, withdrawals and grading.

    `cohort_id` and `city_id` are taken when she submits: they choose who reviews her work (her
    cohort, else the course's learners without a cohort; preferably from other cities)."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("lesson_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"), default=None)
    city_id: Mapped[int | None] = mapped_column(ForeignKey("member_cities.id"), default=None)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    body: Mapped[str] = mapped_column(Text, default="")  # the learner's Markdown
    body_html: Mapped[str] = mapped_column(Text, default="")  # sanitised
    words: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    graded_at: Mapped[datetime | None] = mapped_column(default=None)
    points: Mapped[float | None] = mapped_column(default=None)
    max_points: Mapped[int | None] = mapped_column(default=None)
    passed: Mapped[bool | None] = mapped_column(default=None)
    # {criterion id: level points}: the median of the peers' levels, or the trainer's.
    levels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    lesson: Mapped[Lesson] = relationship()

    @property
    def percent(self) -> float | None:
        """The grade in percent of the rubric's points, once graded."""
        if self.points is None or not self.max_points:
            return None
        return 100.0 * self.points / self.max_points

    @property
    def is_submitted(self) -> bool:
        """Handed in (waiting for reviews, or graded)."""
        return self.status in ("submitted", "graded")

    def __repr__(self) -> str:
        return f"<Submission {self.id} {self.status} user={self.user_id}>"


class Review(db.Model):
    """One review of a submission: a peer's slot (`slot` 1 … the assignment's `reviews`) or a
    trainer's (`kind` trainer, no slot, and it decides the grade).

    A submission never has two reviews in one slot, nor two by one reviewer (constraints in the
    database, so that simultaneous requests cannot break them). A peer review not done by
    `due_at` expires: its slot is freed (set to None) for someone else."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("submission_id", "reviewer_id"),
        UniqueConstraint("submission_id", "slot"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="peer")  # peer | trainer
    slot: Mapped[int | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(20), default="assigned")
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    # {criterion id: level points} and {criterion id: comment (plain text)}.
    levels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    flag: Mapped[str] = mapped_column(String(20), default="")  # "" | open | upheld | dismissed
    flag_reason: Mapped[str] = mapped_column(Text, default="")
    flagged_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)

    submission: Mapped[Submission] = relationship()

    @property
    def counts(self) -> bool:
        """A done review that a trainer has not set aside as unfair."""
        return self.status == "done" and self.flag != "upheld"

    def __repr__(self) -> str:
        return f"<Review {self.id} {self.kind} {self.status} submission={self.submission_id}>"
