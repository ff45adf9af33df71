"""What a course or a path looks like to a reader: texts, outlines, lesson pages (read only).

Plain data for pages, the API and the CLI; outlines are cached per course version."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask import current_app, has_request_context, request
from sqlalchemy import and_, bindparam, inspect, select

from mooc.courses import links
from mooc.courses.links import course_url, item_url
from mooc.courses.models import (
    ContentGeneration,
    Course,
    CourseMedia,
    CourseTranslation,
    Enrolment,
    LearningPath,
    Lesson,
    LessonTranslation,
    Module,
    ModuleTranslation,
    PathCourse,
    PathTranslation,
)
from mooc.extensions import db


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
    """A lesson, quiz or assignment as listed in a course outline (`url` from the router)."""

    id: int
    slug: str
    kind: str
    title: str
    minutes: int | None
    required: bool
    url: str
    module: str = ""


@dataclass
class ModuleOutline:
    """A module with its items."""

    id: int
    slug: str
    text: Text
    items: list[Item] = field(default_factory=list)


def pick(rows: dict[str, Any], locale: str, default: str, key: tuple | None = None) -> Text:
    """The reader's locale, else the course's default language, else any; the body's `mooc:`
    links expanded (kept under `key` + the row's id, see `links.expand`)."""
    row = rows.get(locale) or rows.get(default) or next(iter(rows.values()), None)
    if row is None:
        return Text()
    body = row.body_html
    if body:
        body = links.expand(body, (*key, type(row).__name__, row.id) if key else None)
    return Text(
        title=row.title,
        summary=getattr(row, "summary", ""),
        body_html=body,
        locale=row.locale,
        fallback=row.locale != locale,
    )


@dataclass
class TitleRow:
    """A translation's title only, for lists (no rendered body loaded)."""

    locale: str
    title: str
    summary: str = ""
    body_html: str = ""


def title_of(lesson: Lesson, locale: str) -> str:
    """One item's title in `locale`, else in its course's language (for mail, outside pages)."""
    texts = {t.locale: t.title for t in lesson.translations if t.archived_at is None}
    return texts.get(locale) or texts.get(lesson.course.language) or lesson.slug


def with_titles(model: type, text_model: type, parent: str, where, order, locales) -> list:
    """Like `with_texts`, loading only locale and title of each translation (for outlines)."""
    columns = (text_model.locale, text_model.title)
    rows = db.session.execute(joined(model, text_model, parent, where, order, locales, columns))
    return grouped(
        (row, TitleRow(locale, title) if locale is not None else None)
        for row, locale, title in rows
    )


def with_texts(model: type, text_model: type, parent: str, where, order, locales) -> list:
    """Rows with their translations in `locales`, in one query: [(row, {locale: text})]."""
    return grouped(
        db.session.execute(joined(model, text_model, parent, where, order, locales, (text_model,)))
    )


def joined(model: type, text_model: type, parent: str, where, order, locales, columns):
    """Rows of `model` outer-joined with their live translations in `locales`."""
    link = getattr(text_model, parent)
    condition = and_(
        link == model.id, text_model.locale.in_(locales), text_model.archived_at.is_(None)
    )
    return select(model, *columns).outerjoin(text_model, condition).where(*where).order_by(*order)


def grouped(pairs) -> list[tuple[Any, dict[str, Any]]]:
    """(row, text or None) pairs, in order, to [(row, {locale: text})]."""
    found: dict[int, tuple[Any, dict[str, Any]]] = {}
    for row, text in pairs:
        entry = found.setdefault(row.id, (row, {}))
        if text is not None:
            entry[1][text.locale] = text
    return list(found.values())


def visible() -> tuple:
    """Conditions for a course learners may see: not archived, not a draft."""
    return (Course.archived_at.is_(None), Course.status == "published")


class Snapshot:
    """A row's column values, copied: safe to keep between requests (no session, no lazy
    loading), read like the ORM object it was taken from."""

    def __init__(self, row: Any) -> None:
        for column in inspect(row).mapper.column_attrs:
            setattr(self, column.key, getattr(row, column.key))

    def __repr__(self) -> str:
        return f"<Snapshot {getattr(self, 'slug', '')}>"


GENERATION = select(ContentGeneration.generation).where(ContentGeneration.id == 1)


def generation() -> int:
    """The content generation: every `content sync` increments it in its transaction."""
    return db.session.scalar(GENERATION) or 0


def shared_cache(name: str) -> dict:
    """One of this worker's caches of what every reader sees alike (see `catalogue_page`)."""
    caches = current_app.extensions.setdefault("mooc_shared", {})
    return caches.setdefault(name, {})


def catalogue_page(locale: str) -> dict[str, Any]:
    """The catalogue's courses and paths in `locale`, and the content generation they are of:
    one small query while this worker holds them for the current generation (kept as plain
    data, `Snapshot`s), three otherwise."""
    current = generation()
    root = _script_root()
    cache = shared_cache("catalogue")
    key = (current, locale, root)
    found = cache.get(key)
    if found is None:
        courses = [{**entry, "course": Snapshot(entry["course"])} for entry in catalogue(locale)]
        paths = [{**entry, "path": Snapshot(entry["path"])} for entry in paths_list(locale)]
        found = {"courses": courses, "paths": paths, "generation": current}
        if len(cache) >= OUTLINES_MAX:
            cache.clear()
        cache[key] = found
    return found


def catalogue(locale: str) -> list[dict[str, Any]]:
    """Published courses in order, with their text in the reader's locale."""
    rows = with_texts(
        Course,
        CourseTranslation,
        "course_id",
        visible(),
        (Course.position, Course.slug),
        (locale, "en", "fr", "es"),
    )
    return [
        {"course": c, "text": pick(found, locale, c.language), "url": course_url(c.slug)}
        for c, found in rows
    ]


OUTLINES_MAX = 256
LESSONS_MAX = 2_000


def outline_cache() -> dict[tuple, dict[str, Any]]:
    """This app's outlines: (course id, version, locale, titles_only) -> plain outline."""
    return current_app.extensions.setdefault("mooc_outlines", {})


def course_outline(
    slug: str,
    locale: str,
    titles_only: bool = False,
    drafts: bool = False,
    learner: int | None = None,
) -> dict[str, Any] | None:
    """A course, its modules and items with their texts; None if not visible.

    One query when this worker has the outline of the course's current version (every sync
    that changes a course bumps its version), three otherwise. `titles_only` skips rendered
    bodies, for actions that only need the structure. `drafts`: a draft course too (an
    author's preview; learners' pages never pass it). `learner`: her enrolment is loaded by
    the same query (`enrolment_of`, which `progress.course_state` uses instead of asking)."""
    if learner is None:
        course = db.session.scalar(course_statement(False, drafts), {"slug": slug})
        enrolment = None
    else:
        found = db.session.execute(
            course_statement(True, drafts), {"slug": slug, "learner": learner}
        ).first()
        course, enrolment = found if found is not None else (None, None)
    if course is None:
        return None
    outline = outline_of(course, locale, titles_only)
    if learner is not None:
        outline["enrolment_of"] = (learner, enrolment)
    return outline


@cache
def course_statement(with_learner: bool, drafts: bool):
    """The query of a course by slug (with the learner's enrolment), built once: it runs on
    every course, lesson and quiz page (building a statement costs more than running it)."""
    where = (Course.archived_at.is_(None),) if drafts else visible()
    if not with_learner:
        return select(Course).where(Course.slug == bindparam("slug"), *where)
    joined = and_(Enrolment.course_id == Course.id, Enrolment.user_id == bindparam("learner"))
    return (
        select(Course, Enrolment)
        .outerjoin(Enrolment, joined)
        .where(Course.slug == bindparam("slug"), *where)
    )


def outline_of(course: Course, locale: str, titles_only: bool = False) -> dict[str, Any]:
    """The outline of a course already loaded (from this worker's cache when current)."""
    cache = outline_cache()
    key = (course.id, course.version, locale, titles_only)
    cached = cache.get(key)
    if cached is None:
        cached = build_outline(course, locale, titles_only)
        if len(cache) >= OUTLINES_MAX:
            cache.clear()
        cache[key] = cached
    return {"course": course, **cached}


def build_outline(course: Course, locale: str, titles_only: bool) -> dict[str, Any]:
    """The course's text, modules and items, as plain data (safe to keep between requests)."""
    texts_of = with_titles if titles_only else with_texts
    own = texts_of(
        Course,
        CourseTranslation,
        "course_id",
        (Course.id == course.id,),
        (Course.id,),
        (locale, course.language),
    )
    locales = (locale, course.language)
    modules = texts_of(
        Module,
        ModuleTranslation,
        "module_id",
        (Module.course_id == course.id, Module.archived_at.is_(None)),
        (Module.position,),
        locales,
    )
    lessons = with_titles(
        Lesson,
        LessonTranslation,
        "lesson_id",
        (Lesson.course_id == course.id, Lesson.archived_at.is_(None)),
        (Lesson.position,),
        locales,
    )
    outline = {
        m.id: ModuleOutline(m.id, m.slug, pick(found, locale, course.language))
        for m, found in modules
    }
    for lesson, found in lessons:
        if lesson.module_id in outline:
            text = pick(found, locale, course.language)
            outline[lesson.module_id].items.append(
                Item(
                    lesson.id,
                    lesson.slug,
                    lesson.kind,
                    text.title,
                    lesson.minutes,
                    lesson.required,
                    item_url(course.slug, lesson.slug, lesson.kind),
                    outline[lesson.module_id].slug,
                )
            )
    return {
        "text": pick(own[0][1] if own else {}, locale, course.language),
        "modules": list(outline.values()),
    }


def sequence(outline: dict[str, Any]) -> list[tuple[ModuleOutline, Item]]:
    """Every item of a course in order, with its module."""
    return [(module, item) for module in outline["modules"] for item in module.items]


def following(outline: dict[str, Any], slug: str) -> Item | None:
    """The item after `slug` in the course, if any."""
    items = [item for _module, item in sequence(outline)]
    index = next((i for i, item in enumerate(items) if item.slug == slug), None)
    return items[index + 1] if index is not None and index + 1 < len(items) else None


def lesson_page(
    course_slug: str,
    item_slug: str,
    kind: str,
    locale: str,
    drafts: bool = False,
    learner: int | None = None,
) -> dict[str, Any] | None:
    """A lesson (or quiz) with its text, module and neighbours; None if not visible (`drafts`,
    `learner`: see `course_outline`)."""
    outline = course_outline(course_slug, locale, drafts=drafts, learner=learner)
    if outline is None:
        return None
    items = sequence(outline)
    index = next((i for i, (_m, it) in enumerate(items) if it.slug == item_slug), None)
    if index is None or items[index][1].kind != kind:
        return None
    course = outline["course"]
    lesson, text = lesson_of(course, items[index][1].id, locale)
    return {
        **outline,
        "lesson": lesson,
        "module": items[index][0],
        "item": items[index][1],
        "text": text,
        "course_text": outline["text"],
        "previous": items[index - 1][1] if index > 0 else None,
        "next": items[index + 1][1] if index + 1 < len(items) else None,
    }


def lesson_of(course: Course, lesson_id: int, locale: str) -> tuple[Snapshot, Text]:
    """A lesson's row and text in `locale`, its links expanded: kept by this worker for the
    course's version (a sync that changes the lesson bumps it), one query otherwise."""
    cache = shared_cache("lessons")
    key = (course.id, course.version, lesson_id, locale, _script_root())
    found = cache.get(key)
    if found is None:
        rows = with_texts(
            Lesson,
            LessonTranslation,
            "lesson_id",
            (Lesson.id == lesson_id,),
            (Lesson.id,),
            (locale, course.language),
        )
        lesson, texts = rows[0]
        text = pick(texts, locale, course.language, (course.id, course.version))
        found = (Snapshot(lesson), text)
        if len(cache) >= LESSONS_MAX:
            cache.clear()
        cache[key] = found
    return found


def _script_root() -> str:
    """The prefix a proxy mounts the app under (links in kept bodies depend on it)."""
    return request.script_root if has_request_context() else ""


def media_folder(course_slug: str, drafts: bool = False) -> str | None:
    """The media/ folder of a visible course on disk (`drafts`: see `course_outline`)."""
    where = (Course.archived_at.is_(None),) if drafts else visible()
    course = db.session.scalar(select(Course).where(Course.slug == course_slug, *where))
    if course is None or not course.source_dir:
        return None
    return os.path.join(current_app.config["CONTENT_DIR"], course.source_dir, "media")


def media_file(course_slug: str, name: str, drafts: bool = False) -> str | None:
    """The media folder holding the file a media URL names, if the last sync recorded it for
    this visible course (`drafts`: see `course_outline`)."""
    where = (Course.archived_at.is_(None),) if drafts else visible()
    source_dir = db.session.scalar(
        select(Course.source_dir)
        .join(CourseMedia, CourseMedia.course_id == Course.id)
        .where(Course.slug == course_slug, CourseMedia.path == name, *where)
    )
    if not source_dir:
        return None
    return os.path.join(current_app.config["CONTENT_DIR"], source_dir, "media")


def paths_list(locale: str) -> list[dict[str, Any]]:
    """Every learning path with its text."""
    rows = with_texts(
        LearningPath,
        PathTranslation,
        "path_id",
        (LearningPath.archived_at.is_(None),),
        (LearningPath.position, LearningPath.slug),
        (locale, "en"),
    )
    return [{"path": p, "text": pick(found, locale, p.language)} for p, found in rows]


def path_page(slug: str, locale: str) -> dict[str, Any] | None:
    """A path, its text and its ordered courses."""
    found = with_texts(
        LearningPath,
        PathTranslation,
        "path_id",
        (LearningPath.slug == slug, LearningPath.archived_at.is_(None)),
        (LearningPath.id,),
        (locale, "en"),
    )
    if not found:
        return None
    path, own = found[0]
    return {
        "path": path,
        "text": pick(own, locale, path.language),
        "courses": _path_courses(path, locale),
    }


def _path_courses(path: LearningPath, locale: str) -> list[dict[str, Any]]:
    """The path's visible courses in order, with their texts."""
    query = (
        select(Course, CourseTranslation)
        .join(PathCourse, PathCourse.course_id == Course.id)
        .outerjoin(
            CourseTranslation,
            and_(CourseTranslation.course_id == Course.id, CourseTranslation.archived_at.is_(None)),
        )
        .where(PathCourse.path_id == path.id, *visible())
        .order_by(PathCourse.position)
    )
    rows = grouped(db.session.execute(query))
    return [
        {"course": c, "text": pick(t, locale, c.language), "url": course_url(c.slug)}
        for c, t in rows
    ]
