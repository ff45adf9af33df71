"""Write a checked tree's differences: courses, modules, items, texts, paths, the file cache."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from mooc.clock import utcnow
from mooc.courses.content.impact import snapshot_of
from mooc.courses.content.keyed import KeyedRows
from mooc.courses.content.render import FileResult
from mooc.courses.content.report import SyncReport
from mooc.courses.content.rows import assign, by_parent, texts_of
from mooc.courses.content.tree import CourseNode, ItemNode, Node, Tree
from mooc.courses.models import (
    ContentFile,
    Course,
    CourseMedia,
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

# What an item row takes from its settings (the rest of `Lesson` comes from the tree).
ITEM_SETTINGS = (
    "required",
    "minutes",
    "pass_mark",
    "max_attempts",
    "shuffle",
    "draw",
    "review",
    "reviews",
    "max_words",
)
COUNTED = ("module", "lesson", "quiz", "assignment", "reflection")


class Applier(KeyedRows):
    """Walks the tree against the rows already stored and writes the differences."""

    def __init__(self, tree: Tree, cache: dict[str, ContentFile], report: SyncReport):
        self.tree = tree
        self.cache = cache
        self.report = report
        self.now = utcnow()

    def count(self, kind: str, state: str) -> None:
        self.report.counts[kind][state] += 1

    def run(self) -> None:
        """Courses (with modules, items, prompts), then paths, then the cache."""
        session = db.session
        courses = {row.slug: row for row in session.scalars(select(Course))}
        self.modules = {(r.course_id, r.slug): r for r in session.scalars(select(Module))}
        self.lessons = {(r.course_id, r.slug): r for r in session.scalars(select(Lesson))}
        self.course_modules = by_parent(self.modules)
        self.course_lessons = by_parent(self.lessons)
        self.report.before = snapshot_of(
            courses.values(), self.modules.values(), self.lessons.values()
        )
        self.load_keyed()
        self.texts = {
            Course: texts_of(CourseTranslation, "course_id"),
            Module: texts_of(ModuleTranslation, "module_id"),
            Lesson: texts_of(LessonTranslation, "lesson_id"),
            LearningPath: texts_of(PathTranslation, "path_id"),
        }
        present: set[str] = set()
        for node in self.tree.courses:
            row = courses.get(node.slug)
            present.add(node.slug)
            courses[node.slug] = self.course(node, row)
        for slug, row in courses.items():
            if slug not in present and row.archived_at is None:
                self.archive_course(row)
        self.paths({row.slug: row for row in courses.values()})
        self.save_media([(courses[node.slug], node) for node in self.tree.courses])
        self.save_cache()
        session.flush()

    def state(self, row: Any, model: type, **values: Any) -> tuple[Any, str]:
        """Create, restore or update a row; return it with what happened to it."""
        if row is None:
            row = model(**values)
            db.session.add(row)
            return row, "created"
        restored = row.archived_at is not None
        row.archived_at = None
        changed = assign(row, **values)
        return row, "restored" if restored else "updated" if changed else "unchanged"

    def course(self, node: CourseNode, row: Course | None) -> Course:
        """One course and everything under it."""
        settings = node.settings
        values = {
            "slug": node.slug,
            "language": settings["language"],
            "languages": settings["languages"],
            "hours": settings["hours"],
            "status": settings["status"],
            "sequential": settings["sequential"],
            "certificate": settings["certificate"],
            "position": node.position,
            "source_dir": node.folder.path if node.folder else "",
        }
        row, state = self.state(row, Course, **values)
        if (
            self.write_texts(row, node, CourseTranslation, "course", node.language)
            and state == "unchanged"
        ):
            state = "updated"
        self.count("course", state)
        before = self.changes()
        kept_modules: set[str] = set()
        kept_items: set[str] = set()
        hosts: list[tuple[Node, Module | None, Lesson | None]] = [(node, None, None)]
        for module_node in node.modules:
            kept_modules.add(module_node.slug)
            module = self.module(row, module_node, node.language)
            hosts.append((module_node, module, None))
            for item in module_node.items:
                kept_items.add(item.slug)
                hosts.append((item, module, self.item(row, module, item, node.language)))
        if row.id is not None:
            for module in self.course_modules.get(row.id, []):
                if module.slug not in kept_modules and module.archived_at is None:
                    module.archived_at = self.now
                    self.count("module", "archived")
            for lesson in self.course_lessons.get(row.id, []):
                if lesson.slug not in kept_items and lesson.archived_at is None:
                    lesson.archived_at = self.now
                    self.count(lesson.kind, "archived")
        self.write_prompts(row, hosts, node.language)
        if state in ("updated", "restored") or self.changes() != before:
            row.version = (row.version or 1) + 1
        return row

    def changes(self) -> int:
        """How many modules, items and prompts were written so far."""
        return sum(
            n
            for kind in COUNTED
            for name, n in self.report.counts[kind].items()
            if name != "unchanged"
        )

    def archive_course(self, row: Course) -> None:
        """A course folder that disappeared: archive it and what it held."""
        row.archived_at = self.now
        self.count("course", "archived")
        for module in self.course_modules.get(row.id, []):
            if module.archived_at is None:
                module.archived_at = self.now
                self.count("module", "archived")
        for lesson in self.course_lessons.get(row.id, []):
            if lesson.archived_at is None:
                lesson.archived_at = self.now
                self.count(lesson.kind, "archived")
        self.archive_prompts(row, set())

    def module(self, course: Course, node: Node, language: str) -> Module:
        """One module row."""
        existing = self.modules.get((course.id, node.slug)) if course.id else None
        row, state = self.state(
            existing, Module, course=course, slug=node.slug, position=node.position
        )
        if (
            self.write_texts(row, node, ModuleTranslation, "module", language)
            and state == "unchanged"
        ):
            state = "updated"
        self.count("module", state)
        return row

    def item(self, course: Course, module: Module, node: ItemNode, language: str) -> Lesson:
        """One lesson, quiz or assignment row, its texts, a quiz's questions, a rubric."""
        existing = self.lessons.get((course.id, node.slug)) if course.id else None
        settings = node.settings
        values = {
            "course": course,
            "module": module,
            "slug": node.slug,
            "kind": node.kind,
            "position": node.position,
            **{name: settings.get(name) for name in ITEM_SETTINGS},
        }
        row, state = self.state(existing, Lesson, **values)
        texts_changed = self.write_texts(row, node, LessonTranslation, "lesson", language)
        fresh = any(result.fresh for _locale, result in self.files(node, language))
        if node.kind == "quiz" and (fresh or state != "unchanged"):
            texts_changed = self.write_questions(row, node, language) or texts_changed
        if node.kind == "assignment":
            texts_changed = self.write_criteria(row, node, language, fresh, state) or texts_changed
        if texts_changed and state == "unchanged":
            state = "updated"
        self.count(node.kind, state)
        return row

    def files(self, node: Node, language: str) -> list[tuple[str, FileResult]]:
        """(locale, result) for a node's default file and translations."""
        pairs = [(language, node.file), *node.translations.items()]
        return [
            (locale, self.tree.results[e.path])
            for locale, e in pairs
            if e.path in self.tree.results
        ]

    def write_texts(self, row: Any, node: Node, model: type, parent: str, language: str) -> bool:
        """Upsert the translation rows whose files changed; archive vanished ones."""
        existing = self.texts[type(row)].get(row.id, {}) if row.id else {}
        changed = False
        locales = set()
        columns = model.__table__.columns
        for locale, result in self.files(node, language):
            locales.add(locale)
            text = existing.get(locale)
            if not result.fresh and text is not None and text.archived_at is None:
                continue
            fm = result.entry.front_matter
            values = {
                "locale": locale,
                "title": str(fm.get("title", "")).strip(),
                "body_html": result.html,
                "archived_at": None,
            }
            if "summary" in columns:
                values["summary"] = str(fm.get("summary", "") or "").strip()
            if "facilitator_html" in columns:
                values["facilitator_html"] = result.notes_html
            if text is None:
                db.session.add(model(**{parent: row}, **values))
                changed = True
            else:
                changed = assign(text, **values) or changed
        for locale, text in existing.items():
            if locale not in locales and text.archived_at is None:
                text.archived_at = self.now
                changed = True
        return changed

    def paths(self, courses: dict[str, Course]) -> None:
        """Learning paths and their ordered courses."""
        rows = {row.slug: row for row in db.session.scalars(select(LearningPath))}
        present: set[str] = set()
        for node in self.tree.paths:
            present.add(node.slug)
            settings = node.settings
            row, state = self.state(
                rows.get(node.slug),
                LearningPath,
                slug=node.slug,
                sequential=settings["sequential"],
                position=node.position,
            )
            wanted = [courses[slug] for slug in settings["courses"]]
            current = [step.course for step in row.steps] if row.id else []
            if [c.slug for c in current] != [c.slug for c in wanted]:
                if row.id:
                    db.session.execute(delete(PathCourse).where(PathCourse.path_id == row.id))
                    db.session.expire(row, ["steps"])
                for position, course in enumerate(wanted):
                    db.session.add(PathCourse(path=row, course=course, position=position))
                state = "updated" if state == "unchanged" else state
            if self.write_texts(row, node, PathTranslation, "path", "en") and state == "unchanged":
                state = "updated"
            self.count("path", state)
        for slug, row in rows.items():
            if slug not in present and row.archived_at is None:
                row.archived_at = self.now
                self.count("path", "archived")

    def save_media(self, pairs: list[tuple[Course, CourseNode]]) -> None:
        """Record each course's media files as scanned (the media route serves only these)."""
        db.session.flush()  # new courses get their ids
        recorded: dict[int, set[str]] = {}
        for course_id, path in db.session.execute(select(CourseMedia.course_id, CourseMedia.path)):
            recorded.setdefault(course_id, set()).add(path)
        for row, node in pairs:
            found = set(node.folder.media) if node.folder else set()
            known = recorded.get(row.id, set())
            gone = known - found
            if gone:
                db.session.execute(
                    delete(CourseMedia).where(
                        CourseMedia.course_id == row.id, CourseMedia.path.in_(sorted(gone))
                    )
                )
            new = sorted(found - known)
            if new:
                db.session.add_all(CourseMedia(course_id=row.id, path=path) for path in new)

    def save_cache(self) -> None:
        """Remember each file's hash, signature and digest; forget files that are gone."""
        for path, result in self.tree.results.items():
            cached = self.cache.get(path)
            if cached is None:
                db.session.add(
                    ContentFile(
                        path=path,
                        sha256=result.entry.sha256,
                        signature=result.signature,
                        digest=result.digest,
                    )
                )
            elif cached.signature != result.signature or result.fresh:
                assign(
                    cached,
                    sha256=result.entry.sha256,
                    signature=result.signature,
                    digest=result.digest,
                )
        for path, cached in self.cache.items():
            if path not in self.tree.results:
                db.session.delete(cached)
