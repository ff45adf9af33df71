"""Cohorts: a member city's officials following a course or a path together."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mooc.cities.models import MemberCity
from mooc.clock import utcnow
from mooc.courses.models import Course, LearningPath
from mooc.extensions import db


class Cohort(db.Model):
    """A group of learners of one member city on one course or one learning path."""

    __tablename__ = "cohorts"
    __table_args__ = (
        CheckConstraint("(course_id IS NULL) <> (path_id IS NULL)", name="course_or_path"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    city_id: Mapped[int] = mapped_column(ForeignKey("member_cities.id"), index=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"), default=None)
    path_id: Mapped[int | None] = mapped_column(ForeignKey("learning_paths.id"), default=None)
    starts_on: Mapped[date | None] = mapped_column(Date, default=None)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
    join_code: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    city: Mapped[MemberCity] = relationship()
    course: Mapped[Course | None] = relationship()
    path: Mapped[LearningPath | None] = relationship()

    def __repr__(self) -> str:
        return f"<Cohort {self.id} {self.name!r}>"


class CohortTrainer(db.Model):
    """A trainer who runs a cohort (a cohort may have several)."""

    __tablename__ = "cohort_trainers"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    def __repr__(self) -> str:
        return f"<CohortTrainer cohort={self.cohort_id} user={self.user_id}>"


class CohortMember(db.Model):
    """A learner in a cohort (a learner may belong to several cohorts).

    The counters (`done` … `scored`) are the dashboard's: kept by `mooc.cohorts.counters` in
    the transaction of each write that changes them (a lesson done, a quiz graded, a member
    joining, a content sync), so that the dashboard reads them instead of progress rows."""

    __tablename__ = "cohort_members"
    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id"),
        Index("ix_cohort_members_cohort_done", "cohort_id", "done"),
        Index("ix_cohort_members_cohort_worked", "cohort_id", "worked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    how: Mapped[str] = mapped_column(String(20), default="link")  # link | email | csv | invitation
    # Required lessons done and required quizzes passed, of the cohort's course(s) as synced.
    done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The last required lesson done or quiz attempted (the enrolments' last visit is read
    # beside it: opening a page is not a write of ours).
    worked_at: Mapped[datetime | None] = mapped_column(default=None)
    # Sum over the quizzes tried of the best score, and how many were tried (the average).
    score_sum: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    scored: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<CohortMember cohort={self.cohort_id} user={self.user_id}>"


class CohortModuleProgress(db.Model):
    """A member's required items done in one module (rows only for modules begun): the
    dashboard's completion chart counts members per module and number done."""

    __tablename__ = "cohort_module_progress"
    __table_args__ = (Index("ix_cohort_module_progress_chart", "cohort_id", "module_id", "done"),)

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), primary_key=True)
    done: Mapped[int] = mapped_column(Integer, default=0)


class CohortQuestionCount(db.Model):
    """Item analysis, counted as attempts arrive: per cohort and quiz question, the members'
    first attempts and how many of them got the question right."""

    __tablename__ = "cohort_question_counts"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), primary_key=True)
    qid: Mapped[str] = mapped_column(String(100), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    right: Mapped[int] = mapped_column(Integer, default=0)


INVITATION_STATUSES = ("pending", "accepted", "declined")


class CohortInvitation(db.Model):
    """An email a trainer invited to a cohort (with an account or not): the learner becomes a
    member when she accepts, and until then the trainer sees only that she was invited."""

    __tablename__ = "cohort_invitations"
    __table_args__ = (UniqueConstraint("cohort_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)  # case-folded
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    declined_at: Mapped[datetime | None] = mapped_column(default=None)
    sent_count: Mapped[int] = mapped_column(default=0)  # mails sent (or given up on)
    last_sent_at: Mapped[datetime | None] = mapped_column(default=None)
    mail_status: Mapped[str] = mapped_column(String(20), default="")  # sent|bounced|unsubscribed
    bounced_at: Mapped[datetime | None] = mapped_column(default=None)
    bounce_reason: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"<CohortInvitation cohort={self.cohort_id} {self.email}>"
