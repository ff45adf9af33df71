"""Course content models, keyed by the stable ids of the content tree."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mooc.extensions import db


class Archivable:
    """Rows that disappear from the tree are archived, never deleted."""

    archived_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def is_archived(self) -> bool:
        """True when the row's source is no longer in the content tree."""
        return self.archived_at is not None


class Course(Archivable, db.Model):
    """A course, identified by its stable `slug` (the content id)."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    language: Mapped[str] = mapped_column(String(10), default="en")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    hours: Mapped[float | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(20), default="published")
    sequential: Mapped[bool] = mapped_column(default=False)
    certificate: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    position: Mapped[int] = mapped_column(default=0)
    source_dir: Mapped[str] = mapped_column(String(300), default="")
    # Bumped by every sync that changes the course or anything in it: keys outline caches.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    translations: Mapped[list[CourseTranslation]] = relationship(
        back_populates="course", cascade="all, delete-orphan"
    )
    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position"
    )

    def __repr__(self) -> str:
        return f"<Course {self.slug}>"


class ContentGeneration(db.Model):
    """One row: a number every content sync increments, in its transaction. Caches of what is
    the same for every reader beyond one course (the catalogue, paths) are keyed by it."""

    __tablename__ = "content_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<ContentGeneration {self.generation}>"


class Module(Archivable, db.Model):
    """A module of a course; its slug is unique within the course."""

    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)

    course: Mapped[Course] = relationship(back_populates="modules")
    translations: Mapped[list[ModuleTranslation]] = relationship(
        back_populates="module", cascade="all, delete-orphan"
    )
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module", order_by="Lesson.position"
    )

    def __repr__(self) -> str:
        return f"<Module {self.slug}>"


class Lesson(Archivable, db.Model):
    """A lesson, a quiz or an assignment (`kind`): one id space per course for all three.

    Settings a kind does not take are None: `pass_mark` (quiz, assignment), `max_attempts`,
    `shuffle`, `draw`, `review` (quiz), `reviews`, `max_words` (assignment)."""

    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10), default="lesson")  # lesson|quiz|assignment
    position: Mapped[int] = mapped_column(default=0)
    required: Mapped[bool] = mapped_column(default=True)
    minutes: Mapped[int | None] = mapped_column(default=None)
    pass_mark: Mapped[int | None] = mapped_column(default=None)
    max_attempts: Mapped[int | None] = mapped_column(default=None)
    # Quiz: each attempt orders choices its own way (`shuffle`), shows `draw` questions drawn
    # from the quiz (None: all), and shows the key of a graded attempt per `review`
    # (after-pass | always | never). None on items that are not quizzes.
    shuffle: Mapped[bool | None] = mapped_column(default=None)
    draw: Mapped[int | None] = mapped_column(default=None)
    review: Mapped[str | None] = mapped_column(String(20), default=None)
    # Assignment: peer reviews per submission (0: trainers review) and the longest submission.
    reviews: Mapped[int | None] = mapped_column(default=None)
    max_words: Mapped[int | None] = mapped_column(default=None)

    course: Mapped[Course] = relationship()
    module: Mapped[Module] = relationship(back_populates="lessons")
    translations: Mapped[list[LessonTranslation]] = relationship(
        back_populates="lesson", cascade="all, delete-orphan"
    )

    @property
    def is_quiz(self) -> bool:
        """True for a quiz, false for a reading lesson."""
        return self.kind == "quiz"

    @property
    def is_assignment(self) -> bool:
        """True for a piece of applied work reviewed with a rubric."""
        return self.kind == "assignment"

    def __repr__(self) -> str:
        return f"<Lesson {self.kind} {self.slug}>"


class TranslationMixin(Archivable):
    """Per-locale text of a content row, rendered once at sync time."""

    locale: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    body_html: Mapped[str] = mapped_column(Text, default="")


class FacilitatorNotes:
    """The `::: facilitator` notes of a body, rendered apart: never in `body_html`, never loaded
    unless asked for (deferred), never sent to learners."""

    facilitator_html: Mapped[str] = mapped_column(
        Text, default="", server_default="", deferred=True
    )


class CourseTranslation(FacilitatorNotes, TranslationMixin, db.Model):
    """Title, summary and welcome text of a course in one locale."""

    __tablename__ = "course_translations"
    __table_args__ = (UniqueConstraint("course_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    summary: Mapped[str] = mapped_column(Text, default="")
    course: Mapped[Course] = relationship(back_populates="translations")

    def __repr__(self) -> str:
        return f"<CourseTranslation {self.course_id} {self.locale}>"


class ModuleTranslation(FacilitatorNotes, TranslationMixin, db.Model):
    """Title, summary and introduction of a module in one locale."""

    __tablename__ = "module_translations"
    __table_args__ = (UniqueConstraint("module_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    summary: Mapped[str] = mapped_column(Text, default="")
    module: Mapped[Module] = relationship(back_populates="translations")

    def __repr__(self) -> str:
        return f"<ModuleTranslation {self.module_id} {self.locale}>"


class LessonTranslation(FacilitatorNotes, TranslationMixin, db.Model):
    """Title and rendered body (a quiz's introduction, an assignment's brief) in one locale."""

    __tablename__ = "lesson_translations"
    __table_args__ = (UniqueConstraint("lesson_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"))
    lesson: Mapped[Lesson] = relationship(back_populates="translations")

    def __repr__(self) -> str:
        return f"<LessonTranslation {self.lesson_id} {self.locale}>"


class LearningPath(Archivable, db.Model):
    """An ordered list of courses, identified by its slug."""

    __tablename__ = "learning_paths"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    sequential: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(10), default="en")
    position: Mapped[int] = mapped_column(default=0)

    translations: Mapped[list[PathTranslation]] = relationship(
        back_populates="path", cascade="all, delete-orphan"
    )
    steps: Mapped[list[PathCourse]] = relationship(
        back_populates="path", order_by="PathCourse.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<LearningPath {self.slug}>"


class PathTranslation(TranslationMixin, db.Model):
    """Title, summary and description of a learning path in one locale."""

    __tablename__ = "path_translations"
    __table_args__ = (UniqueConstraint("path_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    path_id: Mapped[int] = mapped_column(ForeignKey("learning_paths.id"))
    summary: Mapped[str] = mapped_column(Text, default="")
    path: Mapped[LearningPath] = relationship(back_populates="translations")

    def __repr__(self) -> str:
        return f"<PathTranslation {self.path_id} {self.locale}>"


class PathCourse(db.Model):
    """One course at one position of a learning path."""

    __tablename__ = "path_courses"
    __table_args__ = (UniqueConstraint("path_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    path_id: Mapped[int] = mapped_column(ForeignKey("learning_paths.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    position: Mapped[int] = mapped_column(default=0)

    path: Mapped[LearningPath] = relationship(back_populates="steps")
    course: Mapped[Course] = relationship()

    def __repr__(self) -> str:
        return f"<PathCourse {self.path_id} {self.course_id}@{self.position}>"


class ContentFile(db.Model):
    """Sync cache: a source file's hash, resolution signature and parsed digest."""

    __tablename__ = "content_files"

    path: Mapped[str] = mapped_column(String(500), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(64))
    digest: Mapped[dict[str, Any]] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"<ContentFile {self.path}>"


class CourseMedia(db.Model):
    """A file of a course's media/ folder as the last sync found it: the media route serves
    these and nothing else (no link target, no hidden or ignored name, nothing added since)."""

    __tablename__ = "course_media"

    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), primary_key=True)
    path: Mapped[str] = mapped_column(String(500), primary_key=True)  # relative to media/

    def __repr__(self) -> str:
        return f"<CourseMedia {self.course_id} {self.path}>"
