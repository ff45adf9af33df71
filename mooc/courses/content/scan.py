"""Find the files of a content tree and say what each one is."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from mooc.courses.content.problems import Problem

FILE_NAME = re.compile(r"^(?P<stem>.+?)(?:\.(?P<locale>[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?))?\.md$")
ORDER = re.compile(r"^(?P<number>\d+)-(?P<slug>.+)$")


@dataclass
class Entry:
    """One Markdown file of the tree, with what its place says about it."""

    path: str  # relative to the tree root, with `/`
    role: str  # course | module | item | path
    stem: str  # file name without locale and `.md`
    locale: str | None  # None for a default-language file
    order: tuple[int, str]  # NN prefix (or a large number) and name, for sorting
    slug: str  # id given by the name (without NN-)
    data: bytes = b""
    sha256: str = ""
    front_matter: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str | None = None  # None until read (cached files are never decoded)
    body_line: int = 1
    broken: bool = False  # the front matter could not be read

    def line_of(self, key: str) -> int:
        """The line that sets `key`, else 1."""
        return self.key_lines.get(key, 1)


@dataclass
class CourseDir:
    """A course folder: its course files, module folders and media."""

    path: str
    order: tuple[int, str]
    slug: str
    files: list[Entry] = field(default_factory=list)
    modules: list[ModuleDir] = field(default_factory=list)
    media: set[str] = field(default_factory=set)  # relative to media/
    others: set[str] = field(default_factory=set)  # course-relative paths of other files


@dataclass
class ModuleDir:
    """A module folder: its module files and lesson files."""

    path: str
    order: tuple[int, str]
    slug: str
    files: list[Entry] = field(default_factory=list)
    items: list[Entry] = field(default_factory=list)


@dataclass
class Layout:
    """Everything the scan found, and the problems of the layout itself."""

    courses: list[CourseDir] = field(default_factory=list)
    paths: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def entries(self) -> list[Entry]:
        """Every Markdown file, courses first, in tree order."""
        found: list[Entry] = []
        for course in self.courses:
            found.extend(course.files)
            for module in course.modules:
                found.extend(module.files)
                found.extend(module.items)
        found.extend(self.paths)
        return found


def split_order(name: str) -> tuple[tuple[int, str], str]:
    """`03-housing` gives ((3, '03-housing'), 'housing'); unnumbered names sort last."""
    match = ORDER.match(name)
    if match:
        return (int(match.group("number")), name), match.group("slug")
    return (10**9, name), name


def _visible(name: str) -> bool:
    return not name.startswith((".", "_"))


class _Links:
    """Symbolic links met during a scan: those whose target leaves the tree are problems, and
    the scan skips them (nothing outside the tree is ever read, checked or published)."""

    def __init__(self, root: str, problems: list[Problem]):
        self.root_given = root
        self.root = os.path.realpath(root)
        self.problems = problems

    def inside(self, path: str, rel: str) -> bool:
        """True unless `path` is a link (or under one) that resolves outside the tree."""
        target = os.path.realpath(path)
        if target == self.root or target.startswith(self.root + os.sep):
            return True
        self.problems.append(
            Problem(rel, 1, "link-outside", {"name": rel, "target": os.readlink(path)})
            if os.path.islink(path)
            else Problem(rel, 1, "link-outside", {"name": rel, "target": target})
        )
        return False


_LINKS: list[_Links] = []  # the scan in progress (scans do not nest or run in threads)


def _listdir(path: str) -> list[os.DirEntry]:
    with os.scandir(path) as found:
        entries = sorted((e for e in found if _visible(e.name)), key=lambda e: e.name)
    links = _LINKS[-1] if _LINKS else None
    if links is None:
        return entries
    kept = []
    for entry in entries:
        if entry.is_symlink():
            rel = os.path.relpath(entry.path, links.root_given).replace(os.sep, "/")
            if not links.inside(entry.path, rel):
                continue
        kept.append(entry)
    return kept


def _entry(rel: str, name: str, role: str) -> Entry | None:
    match = FILE_NAME.match(name)
    if not match:
        return None
    order, slug = split_order(match.group("stem"))
    return Entry(rel, role, match.group("stem"), match.group("locale"), order, slug)


def scan(root: str) -> Layout:
    """Walk `root` (a content folder) and classify every file; links leaving it are errors."""
    layout = Layout()
    _LINKS.append(_Links(root, layout.problems))
    try:
        return _scan(root, layout)
    finally:
        _LINKS.pop()


def _scan(root: str, layout: Layout) -> Layout:
    courses_root = os.path.join(root, "courses")
    if not os.path.isdir(courses_root):
        layout.problems.append(Problem("courses", 1, "no-courses-folder"))
    else:
        for entry in _listdir(courses_root):
            rel = f"courses/{entry.name}"
            if entry.is_dir():
                layout.courses.append(_scan_course(entry.path, rel, layout.problems))
            else:
                _stray(rel, entry.name, _l("courses/ holds only course folders"), layout.problems)
    paths_root = os.path.join(root, "paths")
    if os.path.isdir(paths_root):
        for entry in _listdir(paths_root):
            rel = f"paths/{entry.name}"
            found = _entry(rel, entry.name, "path") if entry.is_file() else None
            if found:
                layout.paths.append(found)
            else:
                _stray(rel, entry.name, _l("paths/ holds only path files"), layout.problems)
    return layout


def _stray(rel: str, name: str, where: str, problems: list[Problem]) -> None:
    code = "unexpected-markdown" if name.endswith(".md") else "ignored-file"
    problems.append(Problem(rel, 1, code, {"name": name, "where": where}))


def _scan_course(path: str, rel: str, problems: list[Problem]) -> CourseDir:
    order, slug = split_order(os.path.basename(path))
    course = CourseDir(rel, order, slug)
    for entry in _listdir(path):
        child = f"{rel}/{entry.name}"
        if entry.is_dir() and entry.name == "media":
            course.media = _walk_files(entry.path)
        elif entry.is_dir():
            course.modules.append(_scan_module(entry.path, child, course, problems))
        else:
            found = _entry(child, entry.name, "course")
            if found and found.stem == "course":
                course.files.append(found)
            else:
                course.others.add(entry.name)
                _stray(
                    child,
                    entry.name,
                    _l("a course folder holds course.md, media/ and modules"),
                    problems,
                )
    course.modules.sort(key=lambda m: m.order)
    return course


def _scan_module(path: str, rel: str, course: CourseDir, problems: list[Problem]) -> ModuleDir:
    order, slug = split_order(os.path.basename(path))
    module = ModuleDir(rel, order, slug)
    base = os.path.basename(path)
    for entry in _listdir(path):
        child = f"{rel}/{entry.name}"
        found = _entry(child, entry.name, "module") if entry.is_file() else None
        if found and found.stem == "module":
            module.files.append(found)
        elif found:
            found.role = "item"
            module.items.append(found)
        else:
            course.others.add(f"{base}/{entry.name}")
            _stray(child, entry.name, _l("a module folder holds module.md and lessons"), problems)
    module.items.sort(key=lambda e: (e.order, e.locale or ""))
    return module


def _walk_files(path: str) -> set[str]:
    """Every visible regular file under `path`, relative to it, with `/` (links are followed
    only inside the tree; a link leaving it is a problem and is skipped)."""
    found: set[str] = set()
    links = _LINKS[-1] if _LINKS else None
    seen: set[str] = set()  # folders walked, so that a link to a parent does not loop
    for folder, dirs, files in os.walk(path, followlinks=True):
        seen.add(os.path.realpath(folder))
        kept = []
        for name in dirs:
            full = os.path.join(folder, name)
            if not _visible(name) or os.path.realpath(full) in seen:
                continue
            if links is None or _inside(links, full):
                kept.append(name)
        dirs[:] = kept
        rel = os.path.relpath(folder, path).replace(os.sep, "/")
        for name in files:
            full = os.path.join(folder, name)
            inside = links is None or _inside(links, full) if _visible(name) else False
            if inside and os.path.isfile(full):
                found.add(name if rel == "." else f"{rel}/{name}")
    return found


def _inside(links: _Links, full: str) -> bool:
    rel = os.path.relpath(full, links.root_given).replace(os.sep, "/")
    return links.inside(full, rel)
