"""Reflection prompts of the content tree, keyed by their stable ids within a course."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mooc.courses.models.content import Archivable, Course, Lesson, Module
from mooc.extensions import db


class ReflectionPrompt(Archivable, db.Model):
    """A `::: reflection {#slug}` block: learners' answers are kept by (course, slug).

    It sits in a lesson (`lesson_id`, with its module in `module_id`), in a module's body
    (`module_id` only) or in the course's own body (neither). `position` is its place in the
    course's reading order: course body, then each module's body and its lessons, in order.
    Moving it to another lesson keeps the row; removing it archives the row; bringing the id
    back restores it."""

    __tablename__ = "reflection_prompts"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"), default=None)
    lesson_id: Mapped[int | None] = mapped_column(
        ForeignKey("lessons.id"), default=None, index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    course: Mapped[Course] = relationship()
    module: Mapped[Module | None] = relationship()
    lesson: Mapped[Lesson | None] = relationship()
    translations: Mapped[list[ReflectionPromptTranslation]] = relationship(
        back_populates="prompt", cascade="all, delete-orphan"
    )

    @property
    def host(self) -> str:
        """Where the prompt sits: `lesson`, `module` or `course`."""
        if self.lesson_id is not None:
            return "lesson"
        return "module" if self.module_id is not None else "course"

    def __repr__(self) -> str:
        return f"<ReflectionPrompt {self.slug}>"


class ReflectionPromptTranslation(Archivable, db.Model):
    """A prompt's text in one locale: sanitised HTML, links stored as `mooc:` references."""

    __tablename__ = "reflection_prompt_translations"
    __table_args__ = (UniqueConstraint("prompt_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prompt_id: Mapped[int] = mapped_column(ForeignKey("reflection_prompts.id"))
    locale: Mapped[str] = mapped_column(String(10))
    prompt_html: Mapped[str] = mapped_column(Text, default="")

    prompt: Mapped[ReflectionPrompt] = relationship(back_populates="translations")

    def __repr__(self) -> str:
        return f"<ReflectionPromptTranslation {self.prompt_id} {self.locale}>"
