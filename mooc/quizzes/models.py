"""Quiz questions: the language-independent key and the per-locale texts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mooc.clock import utcnow
from mooc.courses.models import Archivable, Lesson
from mooc.extensions import db


class Question(Archivable, db.Model):
    """A question of a quiz, keyed by its stable id (`qid`) within the quiz."""

    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("lesson_id", "qid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    qid: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(10))  # single | multiple | short
    option_count: Mapped[int] = mapped_column(default=0)
    # Answer key: positions of correct options, or normalised accepted answers.
    correct: Mapped[list[int]] = mapped_column(JSON, default=list)
    answers: Mapped[list[str]] = mapped_column(JSON, default=list)

    lesson: Mapped[Lesson] = relationship()
    translations: Mapped[list[QuestionTranslation]] = relationship(
        back_populates="question", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Question {self.qid}>"


class QuestionTranslation(Archivable, db.Model):
    """The text, options, feedback and explanation of a question in one locale."""

    __tablename__ = "question_translations"
    __table_args__ = (UniqueConstraint("question_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    locale: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    # [{"html": label, "feedback_html": text}] in option order (a, b, c, …).
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    explanation_html: Mapped[str] = mapped_column(Text, default="")

    question: Mapped[Question] = relationship(back_populates="translations")

    def __repr__(self) -> str:
        return f"<QuestionTranslation {self.question_id} {self.locale}>"


class QuizAttempt(db.Model):
    """One graded submission; `number` is unique per learner and quiz, capping attempts."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    number: Mapped[int]
    score: Mapped[float]  # percent, 0 to 100
    passed: Mapped[bool]
    # {qid: [option positions]} or {qid: "text"}; by question id, so language never matters.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # {qid: true|false}
    results: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    # What the attempt showed: {"questions": [qid, …], "orders": {qid: [option positions]}}
    # (`draw` and `shuffle`); empty for attempts made before layouts were kept.
    layout: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<QuizAttempt user={self.user_id} quiz={self.lesson_id} #{self.number}>"


class AttemptGrant(db.Model):
    """Extra attempts at a quiz given to one learner by a trainer or an admin, and why."""

    __tablename__ = "attempt_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    extra: Mapped[int]
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lesson: Mapped[Lesson] = relationship()
    granted_by = relationship("User", foreign_keys=[granted_by_id])

    def __repr__(self) -> str:
        return f"<AttemptGrant user={self.user_id} quiz={self.lesson_id} +{self.extra}>"
