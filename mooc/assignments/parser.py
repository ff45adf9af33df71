"""The assignment format: a brief, then `##` criteria whose levels are `- <points> <text>` items."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from mooc.courses.content import markdown
from mooc.courses.content.problems import ContentError, Problem

CRITERION_ID = re.compile(r"\s*\{#([^{}]*)\}\s*$")
VALID_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
POINTS = re.compile(r"^(\d+)(?=\s|$)\s*")
ANY_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?(?=\s|$)")


@dataclass
class Level:
    """One level of a criterion: the points it gives and its description, in one language."""

    points: int
    html: str


@dataclass
class ParsedCriterion:
    """One criterion of an assignment file, in that file's language."""

    cid: str
    line: int
    title: str
    title_html: str = ""
    body_html: str = ""  # guidance between the heading and the levels
    levels: list[Level] = field(default_factory=list)

    @property
    def points(self) -> list[int]:
        """The points of the levels, in order."""
        return [level.points for level in self.levels]

    def key(self) -> dict[str, Any]:
        """The language-independent structure, as stored in the sync cache."""
        return {"id": self.cid, "line": self.line, "points": self.points}


@dataclass
class ParsedAssignment:
    """A parsed assignment file: its brief and its rubric."""

    brief_html: str
    criteria: list[ParsedCriterion]
    problems: list[Problem] = field(default_factory=list)


def parse_assignment(
    body: str,
    *,
    path: str = "assignment.md",
    body_line: int = 1,
    tokens: list[Token] | None = None,
    env: dict | None = None,
    iframe_hosts=(),
) -> ParsedAssignment:
    """Parse an assignment body; raise `ContentError` with every problem when it breaks the format.

    `tokens` and `env` let the content pipeline pass a body already parsed (without its
    facilitator notes)."""
    if tokens is None:
        parsed = markdown.parse(body)
        tokens, env = parsed.tokens, parsed.env
    builder = _AssignmentBuilder(path, body_line, env or {}, iframe_hosts)
    return builder.build(tokens)


class _AssignmentBuilder:
    """Walks the blocks of one assignment file and collects criteria and problems."""

    def __init__(self, path: str, body_line: int, env: dict, iframe_hosts) -> None:
        self.path = path
        self.body_line = body_line
        self.env = env
        self.hosts = iframe_hosts
        self.problems: list[Problem] = []

    def line_of(self, block: list[Token]) -> int:
        """The file line of a block's first line."""
        mapped = next((t.map for t in block if t.map), None)
        return self.body_line + (mapped[0] if mapped else 0)

    def problem(self, line: int, code: str, **params: Any) -> None:
        """Record a problem at a file line."""
        self.problems.append(Problem(self.path, line, code, params))

    def render(self, tokens: list[Token]) -> str:
        """Render whole blocks to sanitised HTML."""
        return markdown.render_tokens(tokens, self.env, self.hosts) if tokens else ""

    def build(self, tokens: list[Token]) -> ParsedAssignment:
        """The brief is everything before the first `##` heading; each heading is a criterion."""
        brief: list[Token] = []
        sections: list[tuple[list[Token], list[list[Token]]]] = []
        for block in markdown.top_level(tokens):
            first = block[0]
            if first.type == "heading_open" and first.tag == "h2" and first.markup == "##":
                sections.append((block, []))
            elif first.type.startswith("footnote_block") or not sections:
                brief.extend(block)
            else:
                sections[-1][1].append(block)
        if not any(t.type == "inline" and t.content.strip() for t in brief):
            self.problem(self.body_line, "assignment-no-brief")
        criteria = [self.criterion(n, head, blocks) for n, (head, blocks) in enumerate(sections, 1)]
        if not criteria:
            self.problem(self.body_line, "assignment-no-criteria")
        seen: set[str] = set()
        for criterion in criteria:
            if criterion.cid in seen:
                self.problem(criterion.line, "criterion-duplicate-id", id=criterion.cid)
            seen.add(criterion.cid)
        errors = [p for p in self.problems if p.is_error]
        if errors:
            raise ContentError(errors)
        return ParsedAssignment(self.render(brief), criteria, self.problems)

    def criterion(self, number: int, head: list[Token], blocks: list[list[Token]]):
        """One criterion: heading (with its id), guidance, the list of levels, nothing after."""
        inline = head[1] if len(head) > 1 and head[1].type == "inline" else None
        raw = inline.content if inline else ""
        match = CRITERION_ID.search(raw)
        cid = match.group(1).strip() if match else f"c{number}"
        title = (raw[: match.start()] if match else raw).strip()
        line = self.line_of(head)
        criterion = ParsedCriterion(cid=cid, line=line, title=title)
        if not VALID_ID.match(cid):
            self.problem(line, "criterion-bad-id", id=cid)
        if not title:
            self.problem(line, "criterion-empty-title", id=cid)
        criterion.title_html = markdown.render_inline(title)
        guidance: list[Token] = []
        listed = False
        for block in blocks:
            if block[0].type == "bullet_list_open" and self.is_levels(block):
                if listed:
                    self.problem(self.line_of(block), "criterion-two-lists", id=cid)
                    continue
                listed = True
                self.levels(block, criterion)
            elif listed:
                self.problem(self.line_of(block), "criterion-content-after", id=cid)
                break
            else:
                guidance.extend(block)
        criterion.body_html = self.render(guidance)
        if not listed:
            self.problem(line, "criterion-no-levels", id=cid)
        elif len(criterion.levels) < 2:
            self.problem(line, "criterion-one-level", id=cid)
        else:
            points = criterion.points
            if any(b <= a for a, b in zip(points, points[1:], strict=False)):
                self.problem(line, "criterion-points-order", id=cid, points=_listed(points))
        return criterion

    def is_levels(self, block: list[Token]) -> bool:
        """A bullet list is the levels when one of its items starts with a number."""
        for item in markdown.top_level(block[1:-1]):
            inline = _item_inline(item)
            if inline is not None and ANY_NUMBER.match(inline.content):
                return True
        return False

    def levels(self, block: list[Token], criterion: ParsedCriterion) -> None:
        """Read `- <points> <description>` items."""
        for item in markdown.top_level(block[1:-1]):
            inline = _item_inline(item)
            children = list(inline.children or []) if inline else []
            first = children[0] if children else None
            match = POINTS.match(first.content) if first and first.type == "text" else None
            if inline is None or match is None or first is None:
                self.problem(self.line_of(item), "level-bad-points", id=criterion.cid)
                continue
            points = int(match.group(1))
            first.content = first.content[match.end() :]
            inline.content = inline.content[match.end() :]
            html = self.render(item[1:-1]).strip()
            if not _has_text(item):
                self.problem(self.line_of(item), "level-empty", id=criterion.cid, points=points)
            criterion.levels.append(Level(points, html))


def _item_inline(item: list[Token]) -> Token | None:
    """The inline token of a list item's first paragraph, if it starts with one."""
    if len(item) > 2 and item[1].type == "paragraph_open" and item[2].type == "inline":
        return item[2]
    return None


def _has_text(item: list[Token]) -> bool:
    """Whether a list item (its number removed) still says something."""
    return any(
        child.type == "image" or (child.type == "text" and child.content.strip())
        for token in item
        for child in (token.children or ())
    )


def _listed(points: list[int]) -> str:
    return ", ".join(str(p) for p in points)
