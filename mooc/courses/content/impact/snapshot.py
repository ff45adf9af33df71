"""The live structure of the content (courses, modules, items) as a sync finds it before it
writes (`snapshot_of`, from the rows the sync loaded) and after it flushed (`snapshot`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from mooc.courses.models import Course, Lesson, Module
from mooc.extensions import db


@dataclass(frozen=True)
class ItemRow:
    """An item as the snapshot sees it."""

    id: int
    course_id: int
    slug: str
    kind: str
    module_id: int
    required: bool
    live: bool


@dataclass
class Snapshot:
    """The live structure before a sync: courses, modules, items."""

    courses: dict[int, tuple[str, bool, bool]]  # id -> (slug, sequential, live)
    modules: dict[int, tuple[int, str, int, bool]]  # id -> (course, slug, position, live)
    items: dict[int, ItemRow]


def snapshot_of(courses, modules, lessons) -> Snapshot:
    """The structure from rows already loaded (the sync's, before it writes: no query)."""
    return Snapshot(
        {row.id: (row.slug, row.sequential, row.archived_at is None) for row in courses},
        {
            row.id: (row.course_id, row.slug, row.position, row.archived_at is None)
            for row in modules
        },
        {
            row.id: ItemRow(
                row.id,
                row.course_id,
                row.slug,
                row.kind,
                row.module_id,
                bool(row.required),
                row.archived_at is None,
            )
            for row in lessons
        },
    )


def snapshot() -> Snapshot:
    """Read the structure (three light queries)."""
    courses = {
        row.id: (row.slug, row.sequential, row.archived_at is None)
        for row in db.session.execute(
            select(Course.id, Course.slug, Course.sequential, Course.archived_at)
        )
    }
    modules = {
        row.id: (row.course_id, row.slug, row.position, row.archived_at is None)
        for row in db.session.execute(
            select(Module.id, Module.course_id, Module.slug, Module.position, Module.archived_at)
        )
    }
    columns = (Lesson.id, Lesson.course_id, Lesson.slug, Lesson.kind, Lesson.module_id)
    items = {
        row.id: ItemRow(*row[:5], bool(row.required), row.archived_at is None)
        for row in db.session.execute(select(*columns, Lesson.required, Lesson.archived_at))
    }
    return Snapshot(courses, modules, items)
