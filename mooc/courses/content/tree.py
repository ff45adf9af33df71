"""Load a content tree: read its files (skipping those the cache knows), build its nodes,
render its bodies. The nodes live in `nodes`, the building in `build`."""

from __future__ import annotations

import os
from typing import Any

from mooc.courses.content import render
from mooc.courses.content.build import Builder
from mooc.courses.content.nodes import (
    PATH_LANGUAGE,
    CourseNode,
    ItemNode,
    ModuleNode,
    Node,
    Tree,
)
from mooc.courses.content.problems import Problem
from mooc.courses.content.scan import Entry, scan
from mooc.courses.content.source import digest_bytes, read_source

__all__ = ["PATH_LANGUAGE", "CourseNode", "ItemNode", "ModuleNode", "Node", "Tree", "load_tree"]


def load_tree(
    root: str, cache: dict[str, Any] | None = None, iframe_hosts: tuple[str, ...] = ()
) -> Tree:
    """Read and validate the tree at `root`; `cache` (path -> ContentFile) skips unchanged files."""
    layout = scan(root)
    tree = Tree(root=root, problems=list(layout.problems), files=layout.entries())
    cache = cache or {}
    for entry in tree.files:
        _read(root, entry, cache.get(entry.path), tree.problems)
    Builder(tree).build(layout)
    renderer = render.Renderer(tree, cache, iframe_hosts)
    renderer.run()
    return tree


def _read(root: str, entry: Entry, cached: Any, problems: list[Problem]) -> None:
    """Read one file; parse its front matter unless the cache holds the same bytes."""
    with open(os.path.join(root, entry.path), "rb") as handle:
        entry.data = handle.read()
    entry.sha256 = digest_bytes(entry.data)
    if cached is not None and cached.sha256 == entry.sha256:
        digest = cached.digest
        entry.front_matter = digest["fm"]
        entry.key_lines = digest["lines"]
        entry.body_line = digest["body_line"]
        return
    source = read_source(entry.path, entry.data, entry.sha256)
    entry.front_matter, entry.key_lines = source.front_matter, source.key_lines
    entry.body, entry.body_line = source.body, source.body_line
    entry.broken = bool(source.problems)
    problems.extend(source.problems)
