"""Render bodies: resolve links, cut out blocks, render Markdown, parse quizzes and assignments.

A file the cache knows (same bytes, same links) is only resolved and signed: what parses and
renders a body (blocks, which reads the reflection prompts' models; the quiz and assignment
parsers; the cues) is imported by `Renderer.fresh`, the first time a file must be parsed, so
that `flask content check` after a sync loads none of it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mooc.courses.content import compare, markdown
from mooc.courses.content.problems import ContentError, Problem
from mooc.courses.content.resolve import resolve
from mooc.courses.content.scan import Entry
from mooc.courses.content.source import read_source

if TYPE_CHECKING:
    from mooc.assignments.parser import ParsedAssignment
    from mooc.courses.content.tree import CourseNode, Node, Tree
    from mooc.quizzes.parser import ParsedQuiz


@dataclass
class FileResult:
    """What one file gave: its signature, its cache digest, and (when fresh) its HTML."""

    entry: Entry
    signature: str
    digest: dict[str, Any]
    fresh: bool
    html: str = ""
    notes_html: str = ""  # facilitator notes: never in `html`
    prompts: list[tuple[str, str]] = field(default_factory=list)  # (reflection id, prompt HTML)
    quiz: ParsedQuiz | None = None
    assignment: ParsedAssignment | None = None
    problems: list[Problem] = field(default_factory=list)


class Renderer:
    """Renders every body that needs it and records each file's result in the tree."""

    def __init__(self, tree: Tree, cache: dict[str, Any], iframe_hosts: tuple[str, ...]):
        self.tree = tree
        self.cache = cache
        self.hosts = tuple(sorted(iframe_hosts))

    def run(self) -> None:
        """Every file of every node, then translations against their originals."""
        results, problems = self.tree.results, self.tree.problems
        for course in self.tree.courses:
            for file in course.files():
                self.file(course, course, file)
            for module in course.modules:
                for file in module.files():
                    self.file(course, module, file)
                for item in module.items:
                    for file in item.files():
                        self.file(course, item, file)
                    compare.settle(item, results, problems)
            compare.reflections(course, results, problems)
        for path in self.tree.paths:
            for file in path.files():
                self.file(None, path, file)

    def file(self, course: CourseNode | None, node: Node, entry: Entry) -> None:
        """Resolve, and render unless the cache already has this exact result."""
        if entry.broken or not node.slug:
            return
        cached = self.cache.get(entry.path)
        if cached is not None and cached.sha256 == entry.sha256:
            digest = cached.digest
            urls, problems = resolve(course, entry, digest["refs"])
            signature = self.signature(course, node, entry, urls)
            if signature == cached.signature:
                problems.extend(Problem(entry.path, *p) for p in digest["problems"])
                self.keep(FileResult(entry, signature, digest, False, problems=problems))
                return
        self.keep(self.fresh(course, node, entry))

    def keep(self, result: FileResult) -> None:
        self.tree.results[result.entry.path] = result
        self.tree.problems.extend(result.problems)

    def fresh(self, course: CourseNode | None, node: Node, entry: Entry) -> FileResult:
        """Parse and render one file's body."""
        from mooc.courses.content import blocks

        if entry.body is None:
            source = read_source(entry.path, entry.data, entry.sha256)
            entry.body, entry.body_line = source.body, source.body_line
        parsed = markdown.parse(entry.body)
        refs = [[entry.body_line + r.line, r.target, r.is_image, r.alt] for r in parsed.refs]
        urls, problems = resolve(course, entry, refs)
        body_problems = [
            Problem(entry.path, line, "image-no-alt", {"target": target})
            for line, target, is_image, alt in refs
            if is_image and not alt
        ]
        markdown.rewrite(parsed, dict(zip([r[1] for r in refs], urls, strict=True)).get)
        result = FileResult(entry, self.signature(course, node, entry, urls), {}, True)
        cut = blocks.split(parsed, entry.path, entry.body_line, node.kind)
        problems.extend(cut.problems)
        _html, result.notes_html, prompts = blocks.render(cut, parsed.env, self.hosts)
        if node.kind == "quiz":
            self.quiz(node, entry, parsed, cut, result, problems, body_problems)
        elif node.kind == "assignment":
            from mooc.assignments.parser import parse_assignment

            try:
                result.assignment = parse_assignment(
                    entry.body,
                    path=entry.path,
                    body_line=entry.body_line,
                    tokens=cut.plain(),
                    env=parsed.env,
                    iframe_hosts=self.hosts,
                )
            except ContentError as exc:
                problems.extend(exc.problems)
            else:
                result.html = result.assignment.brief_html
                body_problems.extend(result.assignment.problems)
        else:
            result.html = _html
            result.prompts = [(r.slug, html) for r, html in prompts]
            if node.kind == "lesson" and parsed.words == 0:
                body_problems.append(Problem(entry.path, entry.body_line, "empty-lesson"))
        result.digest = {
            "fm": entry.front_matter,
            "lines": entry.key_lines,
            "body_line": entry.body_line,
            "refs": refs,
            "words": parsed.words,
            "quiz": [q.key() for q in result.quiz.questions] if result.quiz else None,
            "assignment": (
                [c.key() for c in result.assignment.criteria] if result.assignment else None
            ),
            "reflections": [[r.slug, r.line] for r, _html in prompts],
            "problems": [p.to_json() for p in body_problems],
        }
        result.problems = problems + body_problems
        return result

    def quiz(self, node, entry, parsed, cut, result, problems, body_problems) -> None:
        """Parse a quiz body (its facilitator notes cut out) and look for cues."""
        from mooc.quizzes.cues import cues
        from mooc.quizzes.parser import parse_quiz

        try:
            result.quiz = parse_quiz(
                entry.body,
                path=entry.path,
                body_line=entry.body_line,
                parsed=markdown.Rendered(tokens=cut.plain(), env=parsed.env),
                iframe_hosts=self.hosts,
            )
        except ContentError as exc:
            problems.extend(exc.problems)
            return
        result.html = result.quiz.intro_html
        body_problems.extend(result.quiz.problems)
        shuffle = (node.settings or {}).get("shuffle", True)
        body_problems.extend(cues(result.quiz, entry.path, shuffle, entry.locale is None))

    def signature(
        self, course: CourseNode | None, node: Node, entry: Entry, urls: list[str | None]
    ) -> str:
        """Everything a file's stored rows depend on: bytes, ids, kind, links, settings."""
        ident = [
            markdown.RENDER_VERSION,
            entry.sha256,
            course.slug if course else "",
            node.kind,
            node.slug,
            entry.locale or "",
            urls,
            self.hosts,
        ]
        return hashlib.sha256(json.dumps(ident).encode()).hexdigest()
