"""Markdown rendering for content: CommonMark with tables, footnotes, strikethrough, sanitised."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

# Bump when rendering changes, so that the next sync re-renders every file.
RENDER_VERSION = "1"

MD = (
    MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(footnote_plugin)
)

TAGS = (nh3.ALLOWED_TAGS - {"center", "strike", "tt", "acronym"}) | {"section", "s"}
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "class", "lang", "dir", "title"},
    "th": nh3.ALLOWED_ATTRIBUTES["th"] | {"style"},
    "td": nh3.ALLOWED_ATTRIBUTES["td"] | {"style"},
}
URL_SCHEMES = {"http", "https", "mailto"}
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
    words: int = 0
    targets: list[tuple[Token, str]] = field(default_factory=list)  # (token, attribute) of refs


def parse(body: str) -> Rendered:
    """Tokenise a body once; refs and words are collected from the tokens."""
    env: dict = {}
    tokens = MD.parse(body, env)
    rendered = Rendered(tokens=tokens, env=env)
    for token, line in _inline_children(tokens):
        if token.type == "text":
            rendered.words += len(token.content.split())
        elif token.type == "image":
            rendered.refs.append(
                Ref(line, str(token.attrGet("src") or ""), True, token.content.strip())
            )
            rendered.targets.append((token, "src"))
            rendered.words += len(token.content.split())
        elif token.type == "link_open":
            rendered.refs.append(Ref(line, str(token.attrGet("href") or ""), False))
            rendered.targets.append((token, "href"))
    return rendered


def _inline_children(tokens: Iterable[Token]) -> Iterator[tuple[Token, int]]:
    """Yield every inline child token with its 0-based line in the body."""
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] if block.map else 0
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            yield child, line


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
