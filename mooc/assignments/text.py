"""Learners' text (submissions, review comments): Markdown without raw HTML, sanitised, counted."""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])
TAGS = {
    "p", "br", "strong", "em", "s", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
HEADINGS = re.compile(r"<(/?)h[12]>")


def render(text: str) -> str:
    """The learner's Markdown as safe HTML: no raw HTML, links only to http(s) and mail, and
    headings demoted under the page's own."""
    html = HEADINGS.sub(r"<\1h3>", MD.render(text or ""))
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
    )


def word_count(text: str) -> int:
    """Words as a reader counts them (Markdown marks are not words)."""
    return len(WORD.findall(text or ""))
