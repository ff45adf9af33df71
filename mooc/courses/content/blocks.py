"""`::: reflection {#id}` and `::: facilitator` blocks: check them, render a body without them.

A reflection stays where it is, as a placeholder around its prompt (see mooc.courses.reflections);
a facilitator note leaves the body for a separate text that learners never receive."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from markdown_it.token import Token

from mooc.courses.content import markdown
from mooc.courses.content.problems import Problem
from mooc.courses.reflections import placeholder

NAMES = ("reflection", "facilitator")
OPEN, CLOSE = f"{markdown.BLOCK}_open", f"{markdown.BLOCK}_close"
VALID_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BLOCK_ID = re.compile(r"^\{#([^{}]*)\}$")
STRAY_CLOSE = re.compile(r"^:{3,}$")
# Which blocks each kind of file may hold, and how a message names a file that may not.
ALLOWED = {
    "course": NAMES,
    "module": NAMES,
    "lesson": NAMES,
    "quiz": ("facilitator",),
    "assignment": ("facilitator",),
    "path": (),
}
WHERE = {"quiz": _l("a quiz"), "assignment": _l("an assignment"), "path": _l("a learning path")}


@dataclass
class Reflection:
    """A reflection block: its id, the file line of its opening, and its prompt's tokens."""

    slug: str
    line: int
    tokens: list[Token]


@dataclass
class Blocks:
    """A body cut at its blocks: token runs and reflections in order, and facilitator notes."""

    segments: list[list[Token] | Reflection] = field(default_factory=list)
    notes: list[list[Token]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def reflections(self) -> list[Reflection]:
        """The reflections, in order."""
        return [s for s in self.segments if isinstance(s, Reflection)]

    def plain(self) -> list[Token]:
        """The body's tokens without any block (what a quiz or an assignment parser reads)."""
        return [t for s in self.segments if not isinstance(s, Reflection) for t in s]


def split(parsed: markdown.Rendered, path: str, body_line: int, kind: str) -> Blocks:
    """Cut a parsed body at its blocks, reporting every block that breaks the format."""
    cutter = _Cutter(path, body_line, ALLOWED.get(kind, ()), kind)
    for block in markdown.top_level(parsed.tokens):
        cutter.block(block)
    for label, line, name in parsed.env.get("block_footnotes", ()):
        cutter.add(line, "block-footnote", label=label, name=name)
    return cutter.blocks


def render(blocks: Blocks, env: dict, hosts: Iterable[str] = ()) -> tuple[str, str, list]:
    """(body HTML with placeholders, facilitator HTML, [(reflection, prompt HTML)])."""
    parts: list[str] = []
    prompts: list[tuple[Reflection, str]] = []
    for segment in blocks.segments:
        if isinstance(segment, Reflection):
            html = markdown.render_tokens(segment.tokens, env, hosts).strip()
            prompts.append((segment, html))
            parts.append(placeholder(segment.slug, html) + "\n")
        elif segment:
            parts.append(markdown.render_tokens(segment, env, hosts))
    notes = "".join(
        f'<div class="facilitator-note">\n{markdown.render_tokens(note, env, hosts)}</div>\n'
        for note in blocks.notes
    )
    return "".join(parts), notes, prompts


class _Cutter:
    """Walks the top-level blocks of one body."""

    def __init__(self, path: str, body_line: int, allowed: tuple[str, ...], kind: str):
        self.path = path
        self.body_line = body_line
        self.allowed = allowed
        self.kind = kind
        self.blocks = Blocks()
        self.run: list[Token] = []
        self.blocks.segments.append(self.run)

    def add(self, line: int, code: str, **params: Any) -> None:
        """A problem at a 0-based body line."""
        self.blocks.problems.append(Problem(self.path, self.body_line + line, code, params))

    def block(self, block: list[Token]) -> None:
        """One top-level block: a `:::` block, or Markdown that must hold none."""
        first = block[0]
        if first.type != OPEN:
            self.nested(block)
            self.stray(block)
            self.run.extend(block)
            return
        line = first.map[0] if first.map else 0
        name, slug = self.opening(first, line)
        if not first.meta.get("closed", True):
            self.add(line, "block-unclosed", name=name or first.info.strip())
        self.nested(block[1:-1])
        if name == "facilitator":
            self.footnote_refs(block[1:-1], line)
        if name is None or name not in self.allowed:
            if name in NAMES:
                code = "reflection-not-here" if name == "reflection" else "facilitator-not-here"
                self.add(line, code, where=WHERE.get(self.kind, self.kind))
            return
        if name == "facilitator":
            self.blocks.notes.append(block[1:-1])
            return
        if slug is None:
            return
        if not any(t.type == "inline" and t.content.strip() for t in block):
            self.add(line, "reflection-empty", id=slug)
        self.blocks.segments.append(Reflection(slug, self.body_line + line, block[1:-1]))
        self.run = []
        self.blocks.segments.append(self.run)

    def opening(self, token: Token, line: int) -> tuple[str | None, str | None]:
        """The block's name (None when unknown) and, for a reflection, its valid id."""
        text = token.info.strip()
        name, _space, rest = text.partition(" ")
        if "{" in name:  # `:::reflection{#x}`
            name, rest = name[: name.index("{")], name[name.index("{") :] + rest
        rest = rest.strip()
        if name not in NAMES:
            close = difflib.get_close_matches(name.lower(), NAMES, n=1)
            hint = str(_l(" (did you mean '%(name)s'?)")) % {"name": close[0]} if close else ""
            self.add(line, "block-unknown", name=name, hint=hint)
            return None, None
        if name == "facilitator":
            if rest:
                self.add(line, "block-bad-opening", text=f"{token.markup} {text}")
            return name, None
        if not rest:
            self.add(line, "reflection-no-id")
            return name, None
        match = BLOCK_ID.match(rest)
        if match is None:
            self.add(line, "block-bad-opening", text=f"{token.markup} {text}")
            return name, None
        slug = match.group(1).strip()
        if not VALID_ID.match(slug):
            self.add(line, "reflection-bad-id", id=slug)
            return name, None
        return name, slug

    def nested(self, tokens: list[Token]) -> None:
        """A block inside another block, a list or a quote."""
        for token in tokens:
            if token.type == OPEN:
                line = token.map[0] if token.map else 0
                self.add(line, "block-nested", name=markdown.block_name(token))

    def stray(self, block: list[Token]) -> None:
        """A `:::` line that closes nothing (it reads as a paragraph)."""
        first = block[0]
        if first.type == "paragraph_open" and len(block) > 1:
            lines = block[1].content.split("\n")
            for offset, text in enumerate(lines):
                if STRAY_CLOSE.match(text.strip()):
                    self.add((first.map[0] if first.map else 0) + offset, "block-stray-close")

    def footnote_refs(self, tokens: list[Token], line: int) -> None:
        """Footnote references in a facilitator note (their text is listed for learners)."""
        for token in tokens:
            for child in token.children or ():
                if child.type == "footnote_ref":
                    where = token.map[0] if token.map else line
                    self.add(where, "facilitator-footnote", label=child.meta.get("label", ""))
