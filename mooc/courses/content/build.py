"""Turn a scanned layout of files into course, module, item and path nodes, checking ids, keys
and translations."""

from __future__ import annotations

from typing import Any

from mooc.courses.content.nodes import (
    PATH_LANGUAGE,
    CourseNode,
    ItemNode,
    ModuleNode,
    Node,
    Tree,
)
from mooc.courses.content.problems import Problem
from mooc.courses.content.scan import CourseDir, Entry, Layout, ModuleDir
from mooc.courses.content.schema import (
    Checker,
    course_settings,
    item_settings,
    kind_of,
    path_settings,
    translation_keys,
)


class Builder:
    """Turns a layout of files into nodes, checking ids, keys and translations."""

    def __init__(self, tree: Tree):
        self.tree = tree
        self.problems = tree.problems

    def build(self, layout: Layout) -> None:
        """Build every course, then every path."""
        seen: dict[str, str] = {}
        for position, folder in enumerate(layout.courses):
            course = self.course(folder, position)
            if course:
                self.unique(seen, course, "course")
                self.tree.courses.append(course)
        slugs = {c.slug for c in self.tree.courses}
        languages = {c.slug: c.settings["languages"] for c in self.tree.courses}
        seen = {}
        defaults, translations = self.split(layout.paths)
        for position, entry in enumerate(defaults):
            path = self.node(Node, entry, "path", entry.slug, position)
            path.settings = path_settings(Checker(entry, self.problems)) if not entry.broken else {}
            self.attach(path, translations, PATH_LANGUAGE, None)
            self.path_courses(path, slugs)
            wanted = sorted(
                {x for s in path.settings.get("courses", []) for x in languages.get(s, [])}
            )
            self.missing(path, [x for x in wanted if x != PATH_LANGUAGE])
            self.unique(seen, path, "path")
            self.tree.paths.append(path)
        self.orphans(translations)

    def split(self, entries: list[Entry]) -> tuple[list[Entry], dict[str, list[Entry]]]:
        """Default-language files, and translations grouped by the stem they translate."""
        defaults = [e for e in entries if e.locale is None]
        translations: dict[str, list[Entry]] = {}
        for entry in entries:
            if entry.locale is not None:
                translations.setdefault(entry.path.rsplit("/", 1)[0] + "/" + entry.stem, []).append(
                    entry
                )
        return defaults, translations

    def node(self, cls: type, entry: Entry, kind: str, fallback: str, position: int) -> Any:
        """A node whose id comes from `id:` or from its file or folder name."""
        slug = Checker(entry, self.problems).ident(fallback) if not entry.broken else fallback
        return cls(slug=slug, kind=kind, file=entry, position=position)

    def attach(self, node: Node, translations: dict, default: str, languages: list | None) -> None:
        """Attach the translations of `node.file` and check each one."""
        key = node.file.path.rsplit("/", 1)[0] + "/" + node.file.stem
        for entry in translations.pop(key, []):
            locale = entry.locale or ""
            if locale == default:
                self.add(entry, "translation-of-default", locale=locale, twin=node.file.path)
                continue
            if languages is not None and locale not in languages:
                self.add(entry, "unknown-language", locale=locale, languages=", ".join(languages))
                continue
            if not entry.broken:
                translation_keys(entry, node.kind, node.file, self.problems)
                given = entry.front_matter.get("id")
                if given is not None and str(given) != node.slug:
                    self.add(
                        entry,
                        "translation-id-mismatch",
                        id=given,
                        twin=node.file.path,
                        twin_id=node.slug,
                        line=entry.line_of("id"),
                    )
            node.translations[locale] = entry

    def orphans(self, translations: dict[str, list[Entry]]) -> None:
        """Translations whose default-language file does not exist."""
        for stem, entries in translations.items():
            for entry in entries:
                twin = stem.rsplit("/", 1)[-1] + ".md"
                self.add(entry, "translation-without-original", locale=entry.locale, twin=twin)

    def add(self, entry: Entry, code: str, line: int = 1, **params: Any) -> None:
        """Record a problem on a file."""
        self.problems.append(Problem(entry.path, line, code, params))

    def unique(self, seen: dict[str, str], node: Node, kind: str) -> None:
        """Ids are unique within their scope; the first file keeps the id."""
        if not node.slug:
            return
        if node.slug in seen:
            self.add(
                node.file,
                "duplicate-id",
                kind=kind,
                id=node.slug,
                other=seen[node.slug],
                line=node.file.line_of("id"),
            )
        else:
            seen[node.slug] = node.file.path

    def missing(self, node: Node, locales: list[str]) -> None:
        """Warn once per locale a file lacks."""
        for locale in locales:
            if locale not in node.translations:
                stem = node.file.path.rsplit("/", 1)[-1][: -len(".md")]
                self.add(
                    node.file, "missing-translation", locale=locale, expected=f"{stem}.{locale}.md"
                )

    def course(self, folder: CourseDir, position: int) -> CourseNode | None:
        """A course node with its modules and items, or None without course.md."""
        defaults, translations = self.split(folder.files)
        if not defaults:
            self.problems.append(Problem(f"{folder.path}/course.md", 1, "missing-course-file"))
            self.orphans(translations)
            return None
        course = self.node(CourseNode, defaults[0], "course", folder.slug, position)
        course.folder = folder
        course.settings = (
            course_settings(Checker(course.file, self.problems))
            if not course.file.broken
            else {"language": "en", "languages": ["en"]}
        )
        if not course.file.broken:
            Checker(course.file, self.problems).keys("course")
        languages = course.settings["languages"]
        self.attach(course, translations, course.language, languages)
        self.orphans(translations)
        others = [x for x in languages if x != course.language]
        self.missing(course, others)
        course.index[course.file.path.split("/", 2)[2]] = course
        modules_seen: dict[str, str] = {}
        items_seen: dict[str, str] = {}
        for m_position, module_dir in enumerate(folder.modules):
            module = self.module(course, module_dir, m_position, others, items_seen)
            if module:
                self.unique(modules_seen, module, "module")
                course.modules.append(module)
        return course

    def module(
        self,
        course: CourseNode,
        folder: ModuleDir,
        position: int,
        others: list[str],
        items_seen: dict[str, str],
    ) -> ModuleNode | None:
        """A module node and its items."""
        defaults, translations = self.split(folder.files)
        if not defaults:
            self.problems.append(Problem(f"{folder.path}/module.md", 1, "missing-module-file"))
            self.orphans(translations)
            return None
        module = self.node(ModuleNode, defaults[0], "module", folder.slug, position)
        languages = course.settings["languages"]
        if not module.file.broken:
            check = Checker(module.file, self.problems)
            check.keys("module")
            module.settings = {
                "title": check.text("title"),
                "summary": check.text("summary") if "summary" in module.file.front_matter else "",
            }
        self.attach(module, translations, course.language, languages)
        self.orphans(translations)
        self.missing(module, others)
        prefix = len(course.folder.path) + 1 if course.folder else 0
        course.index[module.file.path[prefix:]] = module
        item_defaults, item_translations = self.split(folder.items)
        for i_position, entry in enumerate(item_defaults):
            kind = kind_of(entry)
            item = self.node(ItemNode, entry, kind, entry.slug, i_position)
            item.module = module
            if not entry.broken:
                check = Checker(entry, self.problems)
                check.keys(kind)
                item.settings = item_settings(check, kind)
            self.attach(item, item_translations, course.language, languages)
            self.missing(item, others)
            self.unique(items_seen, item, "lesson")
            for file in item.files():
                course.index[file.path[prefix:]] = item
            module.items.append(item)
        self.orphans(item_translations)
        return module

    def path_courses(self, path: Node, slugs: set[str]) -> None:
        """Every course a path lists exists, once."""
        seen: set[str] = set()
        for slug in path.settings.get("courses", []):
            line = path.file.line_of("courses")
            if slug not in slugs:
                self.add(path.file, "path-unknown-course", id=slug, line=line)
            elif slug in seen:
                self.add(path.file, "path-duplicate-course", id=slug, line=line)
            seen.add(slug)
