"""The nodes of a loaded content tree: courses, modules, items (lessons, quizzes, assignments),
paths, and the tree with its problems and per-file results."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mooc.courses.content.problems import Problem
from mooc.courses.content.scan import CourseDir, Entry

if TYPE_CHECKING:
    from mooc.courses.content.render import FileResult

PATH_LANGUAGE = "en"  # paths have no `language` key: they are written in English


@dataclass
class Node:
    """A course, module, lesson, quiz, assignment or path: its files and settings."""

    slug: str
    kind: str
    file: Entry
    translations: dict[str, Entry] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    position: int = 0

    def files(self) -> list[Entry]:
        """The default-language file, then its translations."""
        return [self.file, *self.translations.values()]


@dataclass
class ItemNode(Node):
    """A lesson, quiz or assignment; `questions` and `criteria` hold the language-independent
    keys of a quiz's questions (answers pooled) and of an assignment's rubric."""

    module: ModuleNode | None = None
    questions: list[dict[str, Any]] = field(default_factory=list)
    criteria: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ModuleNode(Node):
    """A module and its items."""

    items: list[ItemNode] = field(default_factory=list)


@dataclass
class CourseNode(Node):
    """A course, its modules and the folder it lives in."""

    folder: CourseDir | None = None
    modules: list[ModuleNode] = field(default_factory=list)
    index: dict[str, Node] = field(default_factory=dict)  # course-relative .md path -> node

    @property
    def language(self) -> str:
        """The locale of the untranslated files."""
        return self.settings.get("language", "en")


@dataclass
class Tree:
    """A loaded content tree: nodes, problems and per-file results."""

    root: str
    courses: list[CourseNode] = field(default_factory=list)
    paths: list[Node] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Entry] = field(default_factory=list)
    results: dict[str, FileResult] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """Problems that block a sync."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that do not block a sync."""
        return [p for p in self.problems if not p.is_error]

    @property
    def fingerprint(self) -> str:
        """A hash of every file's path and bytes: what an author confirmed before publishing."""
        digest = hashlib.sha256()
        for entry in sorted(self.files, key=lambda e: e.path):
            digest.update(f"{entry.path}\0{entry.sha256}\n".encode())
        return digest.hexdigest()

    def sorted_problems(self) -> list[Problem]:
        """Problems by file and line, as an author reads them."""
        return sorted(self.problems, key=lambda p: (p.path, p.line, p.code))
