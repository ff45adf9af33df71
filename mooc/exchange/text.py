"""Learners' Markdown to safe HTML: no raw HTML, a small set of tags, links that leave safely."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["strikethrough"])
TAGS = {
    "p", "br", "em", "strong", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
MAX_LENGTH = 20_000


def render(body: str) -> str:
    """A learner's Markdown as sanitised HTML (raw HTML is shown as text, headings stay small)."""
    html = MD.render(body)
    for level in (1, 2):  # a learner's headings stay below the page's own
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )


def excerpt(body: str, length: int = 160) -> str:
    """The first words of a Markdown body, as plain text (for notifications and mail)."""
    text = " ".join(body.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"
