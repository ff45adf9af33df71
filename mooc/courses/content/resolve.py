"""Resolve a body's relative links and images to `mooc:` references (the router builds URLs)."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from mooc.courses import links
from mooc.courses.content import markdown
from mooc.courses.content.problems import Problem
from mooc.courses.content.scan import Entry

if TYPE_CHECKING:
    from mooc.courses.content.tree import CourseNode

ITEM_KINDS = ("lesson", "quiz", "assignment")


def resolve(
    course: CourseNode | None, entry: Entry, refs: list[list[Any]]
) -> tuple[list[str | None], list[Problem]]:
    """Map each relative link of a file to its reference in the app, or report it."""
    found: list[str | None] = []
    problems: list[Problem] = []
    for line, target, _is_image, _alt in refs:
        if not markdown.is_relative(target):
            found.append(None)
            continue
        ref, code, params = resolve_one(course, entry, target)
        found.append(ref)
        if code:
            problems.append(Problem(entry.path, line, code, {"target": target, **params}))
    return found, problems


def resolve_one(
    course: CourseNode | None, entry: Entry, target: str
) -> tuple[str | None, str | None, dict[str, str]]:
    """One relative target: (reference, None, {}) or (None, problem code, params)."""
    parts = urlsplit(target)
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if course is None or course.folder is None:
        return None, "link-not-lesson", {}
    base = posixpath.dirname(entry.path[len(course.folder.path) + 1 :])
    path = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if path == ".." or path.startswith("../") or posixpath.isabs(path):
        return None, "link-outside-course", {}
    if path.startswith("media/"):
        name = path[len("media/") :]
        if name in course.folder.media:
            return links.media_ref(course.slug, name) + fragment, None, {}
        return None, "link-missing", {"resolved": f"{course.folder.path}/{path}"}
    node = course.index.get(path)
    if node is not None and node.kind in ITEM_KINDS:
        return links.item_ref(course.slug, node.slug, node.kind) + fragment, None, {}
    if node is not None and node.kind == "module":
        return links.module_ref(course.slug, node.slug), None, {}
    if node is not None:
        return links.course_ref(course.slug) + fragment, None, {}
    if path in course.folder.others or posixpath.basename(path) in ("", "."):
        return None, "link-not-lesson", {}
    return None, "link-missing", {"resolved": f"{course.folder.path}/{path}"}
