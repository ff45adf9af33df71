"""Completion per module as a server-rendered SVG bar chart (no JavaScript, prints in PDFs)."""

from __future__ import annotations

from typing import Any

from flask_babel import format_percent, gettext
from markupsafe import Markup, escape

BAR = 22
GAP = 10
LABEL_WIDTH = 260
BAR_WIDTH = 340
WIDTH = LABEL_WIDTH + BAR_WIDTH + 70


def shorten(text: str, limit: int = 34) -> str:
    """At most `limit` characters, with an ellipsis when cut (the full titles are in <desc>)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def module_chart(modules: list[dict[str, Any]]) -> Markup:
    """One horizontal bar per module: the share of learners who completed it."""
    height = max(1, len(modules)) * (BAR + GAP) + GAP
    title = gettext("Learners who completed each module")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        '<desc id="chart-desc">',
    ]
    parts.append(
        escape(
            "; ".join(
                f"{m['module'].text.title}: {format_percent(m['share'])} "
                f"({m['complete']}/{m['enrolled']})"
                for m in modules
            )
        )
    )
    parts.append("</desc>")
    for index, entry in enumerate(modules):
        y = GAP + index * (BAR + GAP)
        width = round(BAR_WIDTH * entry["share"], 1)
        label = shorten(entry["module"].text.title or entry["module"].slug)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR * 0.7}" text-anchor="end" '
            f'font-size="13" fill="#1a1a1a">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{BAR}" fill="#e6e6e6"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR}" fill="#1d5c8f"/>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + BAR * 0.7}" font-size="13" '
            f'fill="#1a1a1a">{escape(format_percent(entry["share"]))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
