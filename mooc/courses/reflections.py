"""Reflection prompts as readers get them (read only).

A `::: reflection {#id}` block of a lesson, module or course body is stored in the body's HTML as
a placeholder element that shows the prompt on its own:

    <section class="reflection" id="reflection-ID" data-reflection="ID">
      <div class="reflection-prompt">…the prompt…</div><!--reflection:ID--></section>

(on one line). The sanitiser never lets an author's own HTML carry `data-reflection` or a
comment, so every placeholder in a stored body is one the content pipeline wrote. `inject`
fills the slot after each prompt (an answer form, say); `placeholders` lists the ids of a body.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mooc.courses import links
from mooc.courses.models import ReflectionPrompt, ReflectionPromptTranslation
from mooc.courses.outlines import with_texts

OPENING = re.compile(r'<section class="reflection" id="reflection-([a-z0-9-]+)" data-reflection="')
SLOT = re.compile(r"<!--reflection:([a-z0-9-]+)-->")


def placeholder(slug: str, prompt_html: str) -> str:
    """The placeholder of prompt `slug` (a valid id) around its sanitised prompt HTML."""
    return (
        f'<section class="reflection" id="reflection-{slug}" data-reflection="{slug}">'
        f'<div class="reflection-prompt">{prompt_html}</div><!--reflection:{slug}--></section>'
    )


def placeholders(html: str) -> list[str]:
    """The ids of the prompts whose placeholders are in `html`, in order."""
    if "data-reflection" not in html:
        return []
    return OPENING.findall(html)


def inject(html: str, render: Callable[[str], str | None]) -> str:
    """`html` with `render(id)` put after each prompt, inside its placeholder (None: nothing).

    One regular-expression pass; a body without prompts is returned as it is."""
    if "<!--reflection:" not in html:
        return html
    return SLOT.sub(lambda match: render(match.group(1)) or "", html)


@dataclass
class PromptText:
    """A live prompt and its HTML in the reader's language (links expanded)."""

    prompt: ReflectionPrompt
    html: str
    locale: str
    fallback: bool


def prompts(course_id: int, locale: str, default: str) -> list[PromptText]:
    """The course's live prompts in reading order (one query), texts in `locale` else `default`."""
    rows = with_texts(
        ReflectionPrompt,
        ReflectionPromptTranslation,
        "prompt_id",
        (ReflectionPrompt.course_id == course_id, ReflectionPrompt.archived_at.is_(None)),
        (ReflectionPrompt.position,),
        (locale, default),
    )
    found = []
    for prompt, texts in rows:
        row = texts.get(locale) or texts.get(default) or next(iter(texts.values()), None)
        html = links.expand(row.prompt_html) if row else ""
        shown = row.locale if row else ""
        found.append(PromptText(prompt, html, shown, shown != locale))
    return found
