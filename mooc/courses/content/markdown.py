"""Markdown rendering for content: CommonMark with tables, footnotes, strikethrough, sanitised."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

# Bump when rendering changes, so that the next sync re-renders every file.
# 2: `::: reflection` / `::: facilitator` blocks; links stored as `mooc:` references.
RENDER_VERSION = "2"

BLOCK = "container_block"  # token type prefix of every `::: name` block


def _with_blocks(md: MarkdownIt) -> MarkdownIt:
    """`::: name …` / `:::` blocks of any name (the checker says which names exist); each
    opening token records in `meta["closed"]` whether a closing `:::` line was found."""
    container_plugin(md, "block", validate=lambda params, _markup: bool(params.strip()))
    rules = md.block.ruler.__rules__
    rule = rules[md.block.ruler.__find__(BLOCK)]
    original = rule.fn

    def block(state, start: int, end: int, silent: bool) -> bool:
        first = len(state.tokens)
        found = original(state, start, end, silent)
        if found and not silent:
            opening = state.tokens[first]
            # The plugin moves past the closing line when it finds one, and stops on it if not.
            opening.meta["closed"] = state.line == opening.map[1] + 1
        return found

    rule.fn = block
    md.block.ruler.__compile__()
    md.core.ruler.before("footnote_tail", "block_footnotes", _footnotes_in_blocks)
    return md


def _footnotes_in_blocks(state) -> None:
    """Record footnote definitions written inside a `:::` block before `footnote_tail` moves
    them to the end of the page (where every reader would see them): env["block_footnotes"]
    gets (label, 0-based line, block name)."""
    names: list[str] = []
    found = []
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == f"{BLOCK}_open":
            names.append(block_name(token))
        elif token.type == f"{BLOCK}_close" and names:
            names.pop()
        elif token.type == "footnote_reference_open" and names:
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            line = following.map[0] if following is not None and following.map else 0
            found.append((token.meta["label"], line, names[-1]))
    if found:
        state.env["block_footnotes"] = found


MD = _with_blocks(
    MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(footnote_plugin)
)

TAGS = (nh3.ALLOWED_TAGS - {"center", "strike", "tt", "acronym"}) | {"section", "s"}
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "class", "lang", "dir", "title"},
    "th": nh3.ALLOWED_ATTRIBUTES["th"] | {"style"},
    "td": nh3.ALLOWED_ATTRIBUTES["td"] | {"style"},
}
# `mooc:` references (links into the app) are turned into URLs by the router when served.
URL_SCHEMES = {"http", "https", "mailto", "mooc"}
IFRAME_ATTRIBUTES = {"src", "title", "width", "height", "allow", "allowfullscreen", "loading"}


@dataclass
class Ref:
    """A link or image in a body: where it is and what it points to."""

    line: int
    target: str
    is_image: bool
    alt: str = ""


@dataclass
class Rendered:
    """What rendering one body produced."""

    tokens: list[Token]
    env: dict = field(default_factory=dict)
    refs: list[Ref] = field(default_factory=list)
    words: int = 0  # what learners read: facilitator notes do not count
    targets: list[tuple[Token, str]] = field(default_factory=list)  # (token, attribute) of refs


def parse(body: str) -> Rendered:
    """Tokenise a body once; refs and words are collected from the tokens."""
    env: dict = {}
    tokens = MD.parse(body, env)
    rendered = Rendered(tokens=tokens, env=env)
    for token, line, for_learners in _inline_children(tokens):
        if token.type == "text":
            rendered.words += len(token.content.split()) if for_learners else 0
        elif token.type == "image":
            rendered.refs.append(
                Ref(line, str(token.attrGet("src") or ""), True, token.content.strip())
            )
            rendered.targets.append((token, "src"))
            rendered.words += len(token.content.split()) if for_learners else 0
        elif token.type == "link_open":
            rendered.refs.append(Ref(line, str(token.attrGet("href") or ""), False))
            rendered.targets.append((token, "href"))
    return rendered


def _inline_children(tokens: Iterable[Token]) -> Iterator[tuple[Token, int, bool]]:
    """Yield every inline child token with its 0-based line in the body, and whether learners
    read it (False inside a `::: facilitator` block)."""
    notes = 0
    for block in tokens:
        if block.type.startswith(BLOCK):
            if block_name(block) == "facilitator" or notes:
                notes += block.nesting
            continue
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] if block.map else 0
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            yield child, line, not notes


def block_name(token: Token) -> str:
    """The name of a `::: name` block's opening token (the first word after the colons)."""
    words = token.info.split(None, 1)
    return words[0] if words else ""


def top_level(tokens: list[Token]) -> Iterator[list[Token]]:
    """Split a token stream into top-level blocks (an open token to its matching close)."""
    i = 0
    while i < len(tokens):
        if tokens[i].nesting != 1:
            yield [tokens[i]]
            i += 1
            continue
        depth, j = 0, i
        while j < len(tokens):
            depth += tokens[j].nesting
            if depth == 0:
                break
            j += 1
        yield tokens[i : j + 1]
        i = j + 1


def is_relative(target: str) -> bool:
    """True for a link into the tree (no scheme, not absolute, not a bare fragment)."""
    if not target or target.startswith(("#", "/", "?")):
        return False
    return not urlsplit(target).scheme


def rewrite(parsed: Rendered, mapping: Callable[[str], str | None]) -> None:
    """Replace relative link and image targets by `mapping(target)` where it has one."""
    for token, attr in parsed.targets:
        target = str(token.attrGet(attr) or "")
        if is_relative(target):
            url = mapping(target)
            if url is not None:
                token.attrSet(attr, url)


def render_tokens(tokens: list[Token], env: dict, iframe_hosts: Iterable[str] = ()) -> str:
    """Render a token list (whole or a slice of blocks) to sanitised HTML."""
    return sanitize(MD.renderer.render(tokens, MD.options, env), iframe_hosts)


def render_inline_tokens(children: list[Token], env: dict, iframe_hosts=()) -> str:
    """Render inline child tokens (part of a paragraph) to sanitised HTML."""
    return sanitize(MD.renderer.renderInline(children, MD.options, env), iframe_hosts)


def render_inline(text: str) -> str:
    """Render one line of inline Markdown (a title) to sanitised HTML."""
    return sanitize(MD.renderInline(text))


def sanitize(html: str, iframe_hosts: Iterable[str] = ()) -> str:
    """Keep a safe subset of HTML: no scripts, handlers, `javascript:` or foreign iframes."""
    hosts = frozenset(host.lower() for host in iframe_hosts)
    if not hosts:
        return nh3.clean(
            html,
            tags=TAGS,
            attributes=ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            filter_style_properties={"text-align"},
        )

    def allow_iframe_src(element: str, attribute: str, value: str) -> str | None:
        if element == "iframe" and attribute == "src":
            parts = urlsplit(value)
            if parts.scheme != "https" or (parts.hostname or "").lower() not in hosts:
                return None
        return value

    return nh3.clean(
        html,
        tags=TAGS | {"iframe"},
        attributes={**ATTRIBUTES, "iframe": IFRAME_ATTRIBUTES},
        attribute_filter=allow_iframe_src,
        url_schemes=URL_SCHEMES,
        filter_style_properties={"text-align"},
    )
