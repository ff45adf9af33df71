"""Render bodies: resolve links, render Markdown, parse quizzes, compare quiz translations."""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from flask_babel import gettext

from mooc.courses.content import markdown
from mooc.courses.content.problems import ContentError, Problem
from mooc.courses.content.scan import Entry
from mooc.courses.content.source import read_source
from mooc.quizzes.parser import ParsedQuiz, parse_quiz

if TYPE_CHECKING:
    from mooc.courses.content.tree import CourseNode, ItemNode, Node, Tree


def course_url(course: str) -> str:
    """The course page."""
    return f"/courses/{course}/"


def item_url(course: str, item: str, kind: str) -> str:
    """A lesson's or a quiz's page."""
    return f"/courses/{course}/{'quizzes' if kind == 'quiz' else 'lessons'}/{item}"


def media_url(course: str, name: str) -> str:
    """A file of the course's media/ folder."""
    return f"/courses/{course}/media/{quote(name)}"


@dataclass
class FileResult:
    """What one file gave: its signature, its cache digest, and (when fresh) its HTML."""

    entry: Entry
    signature: str
    digest: dict[str, Any]
    fresh: bool
    html: str = ""
    quiz: ParsedQuiz | None = None
    problems: list[Problem] = field(default_factory=list)


class Renderer:
    """Renders every body that needs it and records each file's result in the tree."""

    def __init__(self, tree: Tree, cache: dict[str, Any], iframe_hosts: tuple[str, ...]):
        self.tree = tree
        self.cache = cache
        self.hosts = tuple(sorted(iframe_hosts))

    def run(self) -> None:
        """Every file of every node, then quiz translations against their originals."""
        for course in self.tree.courses:
            for file in course.files():
                self.file(course, course, file)
            for module in course.modules:
                for file in module.files():
                    self.file(course, module, file)
                for item in module.items:
                    for file in item.files():
                        self.file(course, item, file)
                    self.settle(item)
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
            urls, problems = self.resolve(course, entry, digest["refs"])
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
        if entry.body is None:
            source = read_source(entry.path, entry.data, entry.sha256)
            entry.body, entry.body_line = source.body, source.body_line
        parsed = markdown.parse(entry.body)
        refs = [[entry.body_line + r.line, r.target, r.is_image, r.alt] for r in parsed.refs]
        urls, problems = self.resolve(course, entry, refs)
        body_problems = [
            Problem(entry.path, line, "image-no-alt", {"target": target})
            for line, target, is_image, alt in refs
            if is_image and not alt
        ]
        markdown.rewrite(parsed, dict(zip([r[1] for r in refs], urls, strict=True)).get)
        result = FileResult(entry, self.signature(course, node, entry, urls), {}, True)
        if node.kind == "quiz":
            try:
                result.quiz = parse_quiz(
                    entry.body,
                    path=entry.path,
                    body_line=entry.body_line,
                    parsed=parsed,
                    iframe_hosts=self.hosts,
                )
            except ContentError as exc:
                problems.extend(exc.problems)
            else:
                result.html = result.quiz.intro_html
                body_problems.extend(result.quiz.problems)
        else:
            result.html = markdown.render_tokens(parsed.tokens, parsed.env, self.hosts)
            if node.kind == "lesson" and parsed.words == 0:
                body_problems.append(Problem(entry.path, entry.body_line, "empty-lesson"))
        result.digest = {
            "fm": entry.front_matter,
            "lines": entry.key_lines,
            "body_line": entry.body_line,
            "refs": refs,
            "words": parsed.words,
            "quiz": [q.key() for q in result.quiz.questions] if result.quiz else None,
            "problems": [p.to_json() for p in body_problems],
        }
        result.problems = problems + body_problems
        return result

    def resolve(
        self, course: CourseNode | None, entry: Entry, refs: list[list[Any]]
    ) -> tuple[list[str | None], list[Problem]]:
        """Map each relative link of a file to its URL in the app, or report it."""
        urls: list[str | None] = []
        problems: list[Problem] = []
        for line, target, _is_image, _alt in refs:
            if not markdown.is_relative(target):
                urls.append(None)
                continue
            url, code, params = self.resolve_one(course, entry, target)
            urls.append(url)
            if code:
                problems.append(Problem(entry.path, line, code, {"target": target, **params}))
        return urls, problems

    def resolve_one(
        self, course: CourseNode | None, entry: Entry, target: str
    ) -> tuple[str | None, str | None, dict[str, str]]:
        """One relative target: (url, None, {}) or (None, problem code, params)."""
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
                return media_url(course.slug, name) + fragment, None, {}
            return None, "link-missing", {"resolved": f"{course.folder.path}/{path}"}
        node = course.index.get(path)
        if node is not None and node.kind in ("lesson", "quiz"):
            return item_url(course.slug, node.slug, node.kind) + fragment, None, {}
        if node is not None and node.kind == "module":
            return course_url(course.slug) + f"#module-{node.slug}", None, {}
        if node is not None:
            return course_url(course.slug) + fragment, None, {}
        if path in course.folder.others or posixpath.basename(path) in ("", "."):
            return None, "link-not-lesson", {}
        return None, "link-missing", {"resolved": f"{course.folder.path}/{path}"}

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

    def settle(self, item: ItemNode) -> None:
        """Minutes for every item; for a quiz, check translations and pool answers."""
        results = self.tree.results
        main = results.get(item.file.path)
        words = main.digest.get("words", 0) if main else 0
        keys = (main.digest.get("quiz") or []) if main else []
        if item.settings and item.settings.get("minutes") is None:
            minutes = len(keys) if item.kind == "quiz" else round(words / 200)
            item.settings["minutes"] = max(1, minutes)
        if item.kind != "quiz" or main is None or main.digest.get("quiz") is None:
            return
        pooled = [set(key["answers"]) for key in keys]
        for locale, entry in item.translations.items():
            other = results.get(entry.path)
            theirs = other.digest.get("quiz") if other else None
            if theirs is None:
                continue
            self.compare(item.file, entry, keys, theirs)
            for answers, key in zip(pooled, theirs, strict=False):
                answers.update(key["answers"])
            del locale
        item.questions = [
            {**key, "answers": sorted(answers)} for key, answers in zip(keys, pooled, strict=True)
        ]

    def compare(self, twin: Entry, entry: Entry, mine: list[dict], theirs: list[dict]) -> None:
        """A translation has the same questions, ids, choices and correct answers."""
        add = self.tree.problems.append
        if len(mine) != len(theirs):
            add(
                Problem(
                    entry.path,
                    1,
                    "quiz-translation-count",
                    {"count": len(theirs), "twin": twin.path, "twin_count": len(mine)},
                )
            )
        for position, (a, b) in enumerate(zip(mine, theirs, strict=False), 1):
            if a["id"] != b["id"]:
                add(
                    Problem(
                        entry.path,
                        b["line"],
                        "quiz-translation-question",
                        {
                            "position": position,
                            "id": b["id"],
                            "twin_id": a["id"],
                            "twin": twin.path,
                        },
                    )
                )
                continue
            what = None
            if (a["kind"] == "short") != (b["kind"] == "short"):
                what = gettext("one has choices, the other '=' answers")
            elif a["options"] != b["options"]:
                what = gettext("%(count)s choices instead of %(twin_count)s") % {
                    "count": b["options"],
                    "twin_count": a["options"],
                }
            elif a["correct"] != b["correct"]:
                what = gettext("correct choices %(mine)s instead of %(theirs)s") % {
                    "mine": _letters(b["correct"]),
                    "theirs": _letters(a["correct"]),
                }
            if what:
                add(
                    Problem(
                        entry.path,
                        b["line"],
                        "quiz-translation-options",
                        {"id": b["id"], "twin": twin.path, "what": what},
                    )
                )


def _letters(positions: list[int]) -> str:
    return ", ".join(chr(ord("a") + p) for p in positions)
