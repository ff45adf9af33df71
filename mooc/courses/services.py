"""Read-side services for courses and paths: plain data for pages, the API and the CLI."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import select

from mooc.courses.content.render import course_url, item_url
from mooc.courses.models import (
    Course,
    CourseTranslation,
    LearningPath,
    Lesson,
    LessonTranslation,
    Module,
    ModuleTranslation,
    PathCourse,
    PathTranslation,
)
from mooc.extensions import db
from mooc.quizzes.models import Question, QuestionTranslation


@dataclass
class Text:
    """A translated text chosen for a reader, and whether it fell back to another locale."""

    title: str = ""
    summary: str = ""
    body_html: str = ""
    locale: str = ""
    fallback: bool = False


@dataclass
class Item:
    """A lesson or quiz as listed in a course outline."""

    slug: str
    kind: str
    title: str
    minutes: int | None
    required: bool
    url: str


@dataclass
class ModuleOutline:
    """A module with its items."""

    slug: str
    text: Text
    items: list[Item] = field(default_factory=list)


def texts(model: type, parent: Any, ids: list[int], locales: tuple[str, ...]) -> dict:
    """Translation rows of many parents, by parent id then locale (one query)."""
    if not ids:
        return {}
    rows = db.session.scalars(
        select(model).where(parent.in_(ids), model.locale.in_(locales), model.archived_at.is_(None))
    )
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        found.setdefault(getattr(row, parent.key), {})[row.locale] = row
    return found


def pick(rows: dict[str, Any], locale: str, default: str) -> Text:
    """The reader's locale, else the course's default language, else any."""
    row = rows.get(locale) or rows.get(default) or next(iter(rows.values()), None)
    if row is None:
        return Text()
    return Text(
        title=row.title,
        summary=getattr(row, "summary", ""),
        body_html=row.body_html,
        locale=row.locale,
        fallback=row.locale != locale,
    )


def published_course(slug: str) -> Course | None:
    """A course learners may see: not archived, not a draft."""
    return db.session.scalar(
        select(Course).where(
            Course.slug == slug, Course.archived_at.is_(None), Course.status == "published"
        )
    )


def catalogue(locale: str) -> list[dict[str, Any]]:
    """Published courses in order, with their text in the reader's locale."""
    courses = list(
        db.session.scalars(
            select(Course)
            .where(Course.archived_at.is_(None), Course.status == "published")
            .order_by(Course.position, Course.slug)
        )
    )
    locales = tuple({locale, *(c.language for c in courses)})
    found = texts(CourseTranslation, CourseTranslation.course_id, [c.id for c in courses], locales)
    return [
        {
            "course": c,
            "text": pick(found.get(c.id, {}), locale, c.language),
            "url": course_url(c.slug),
        }
        for c in courses
    ]


def course_outline(slug: str, locale: str) -> dict[str, Any] | None:
    """A course, its modules and items with their texts; None if learners may not see it."""
    course = published_course(slug)
    if course is None:
        return None
    locales = (locale, course.language)
    own = texts(CourseTranslation, CourseTranslation.course_id, [course.id], locales)
    modules = list(
        db.session.scalars(
            select(Module)
            .where(Module.course_id == course.id, Module.archived_at.is_(None))
            .order_by(Module.position)
        )
    )
    lessons = list(
        db.session.scalars(
            select(Lesson)
            .where(Lesson.course_id == course.id, Lesson.archived_at.is_(None))
            .order_by(Lesson.position)
        )
    )
    module_texts = texts(
        ModuleTranslation, ModuleTranslation.module_id, [m.id for m in modules], locales
    )
    lesson_texts = texts(
        LessonTranslation, LessonTranslation.lesson_id, [x.id for x in lessons], locales
    )
    outline = {
        m.id: ModuleOutline(m.slug, pick(module_texts.get(m.id, {}), locale, course.language))
        for m in modules
    }
    for lesson in lessons:
        if lesson.module_id in outline:
            text = pick(lesson_texts.get(lesson.id, {}), locale, course.language)
            outline[lesson.module_id].items.append(
                Item(
                    lesson.slug,
                    lesson.kind,
                    text.title,
                    lesson.minutes,
                    lesson.required,
                    item_url(course.slug, lesson.slug, lesson.kind),
                )
            )
    return {
        "course": course,
        "text": pick(own.get(course.id, {}), locale, course.language),
        "modules": list(outline.values()),
    }


def lesson_page(course_slug: str, item_slug: str, kind: str, locale: str) -> dict[str, Any] | None:
    """A lesson (or quiz) with its text, module and neighbours; None if not visible."""
    outline = course_outline(course_slug, locale)
    if outline is None:
        return None
    sequence = [(module, item) for module in outline["modules"] for item in module.items]
    index = next((i for i, (_m, it) in enumerate(sequence) if it.slug == item_slug), None)
    if index is None or sequence[index][1].kind != kind:
        return None
    course = outline["course"]
    lesson = db.session.scalar(
        select(Lesson).where(Lesson.course_id == course.id, Lesson.slug == item_slug)
    )
    found = texts(
        LessonTranslation, LessonTranslation.lesson_id, [lesson.id], (locale, course.language)
    )
    return {
        **outline,
        "lesson": lesson,
        "module": sequence[index][0],
        "item": sequence[index][1],
        "text": pick(found.get(lesson.id, {}), locale, course.language),
        "course_text": outline["text"],
        "previous": sequence[index - 1][1] if index > 0 else None,
        "next": sequence[index + 1][1] if index + 1 < len(sequence) else None,
    }


def quiz_questions(lesson: Lesson, locale: str, default: str) -> list[dict[str, Any]]:
    """Questions with text and options in the reader's locale: never the answer key."""
    questions = list(
        db.session.scalars(
            select(Question)
            .where(Question.lesson_id == lesson.id, Question.archived_at.is_(None))
            .order_by(Question.position)
        )
    )
    found = texts(
        QuestionTranslation,
        QuestionTranslation.question_id,
        [q.id for q in questions],
        (locale, default),
    )
    shown = []
    for question in questions:
        rows = found.get(question.id, {})
        row = rows.get(locale) or rows.get(default) or next(iter(rows.values()), None)
        shown.append(
            {
                "id": question.qid,
                "kind": question.kind,
                "title_html": row.title if row else question.qid,
                "body_html": row.body_html if row else "",
                "options": [o["html"] for o in row.options] if row else [],
            }
        )
    return shown


def media_folder(course_slug: str) -> str | None:
    """The media/ folder of a visible course on disk."""
    course = published_course(course_slug)
    if course is None or not course.source_dir:
        return None
    return os.path.join(current_app.config["CONTENT_DIR"], course.source_dir, "media")


def paths_list(locale: str) -> list[dict[str, Any]]:
    """Every learning path with its text."""
    paths = list(
        db.session.scalars(
            select(LearningPath)
            .where(LearningPath.archived_at.is_(None))
            .order_by(LearningPath.position, LearningPath.slug)
        )
    )
    found = texts(PathTranslation, PathTranslation.path_id, [p.id for p in paths], (locale, "en"))
    return [{"path": p, "text": pick(found.get(p.id, {}), locale, p.language)} for p in paths]


def path_page(slug: str, locale: str) -> dict[str, Any] | None:
    """A path, its text and its ordered courses."""
    path = db.session.scalar(
        select(LearningPath).where(LearningPath.slug == slug, LearningPath.archived_at.is_(None))
    )
    if path is None:
        return None
    found = texts(PathTranslation, PathTranslation.path_id, [path.id], (locale, path.language))
    courses = list(
        db.session.scalars(
            select(Course)
            .join(PathCourse, PathCourse.course_id == Course.id)
            .where(
                PathCourse.path_id == path.id,
                Course.archived_at.is_(None),
                Course.status == "published",
            )
            .order_by(PathCourse.position)
        )
    )
    locales = tuple({locale, *(c.language for c in courses)})
    course_texts = texts(
        CourseTranslation, CourseTranslation.course_id, [c.id for c in courses], locales
    )
    return {
        "path": path,
        "text": pick(found.get(path.id, {}), locale, path.language),
        "courses": [
            {
                "course": c,
                "text": pick(course_texts.get(c.id, {}), locale, c.language),
                "url": course_url(c.slug),
            }
            for c in courses
        ],
    }
