"""An assignment's rubric: criteria keyed by their stable ids, with their texts per locale.

The assignment itself is a `Lesson` row of kind `assignment` (its settings: `pass_mark`,
`reviews`, `max_words`, `required`); its brief is the body of its `LessonTranslation`s."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
