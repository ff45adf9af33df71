"""Links the router owns: turning a stored lesson body's `mooc:` references into URLs.

The body is a bench lesson (about 600 words) rendered by the content pipeline, with 6 links and
images. The floor is what serving router-built links cannot avoid: one `url_for` per link of
the body. Ours: `links.expand` with its per-process table of references (a regex pass), and with
the body kept under its course version (a dictionary lookup)."""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.content import lesson_body, row  # noqa: E402

REPEAT = 2000


def body_html() -> str:
    """A stored lesson body: the bench lesson with more links, rendered with references."""
    from mooc.courses import links
    from mooc.courses.content import markdown

    text = lesson_body(1, 1, 1, "en") + (
        "\n[A](02-a.md), [B](03-b.md), [the quiz](11-quiz-1.md#q) and [the map](../media/m.svg).\n"
    )
    parsed = markdown.parse(text)
    targets = {
        "02-lesson-1-1-2.md": links.item_ref("course-1", "lesson-1-1-2", "lesson"),
        "02-a.md": links.item_ref("course-1", "a", "lesson"),
        "03-b.md": links.item_ref("course-1", "b", "lesson"),
        "11-quiz-1.md#q": links.item_ref("course-1", "quiz-1", "quiz") + "#q",
        "../media/m.svg": links.media_ref("course-1", "m.svg"),
        "../media/cycle.svg": links.media_ref("course-1", "cycle.svg"),
    }
    markdown.rewrite(parsed, targets.get)
    return markdown.render_tokens(parsed.tokens, parsed.env)


def timed(function) -> float:
    """Seconds for REPEAT calls, best of three runs."""
    best = float("inf")
    for _run in range(3):
        started = time.perf_counter()
        for _call in range(REPEAT):
            function()
        best = min(best, time.perf_counter() - started)
    return best


def run() -> list[dict]:
    """Measure and return the rows for the bench table."""
    from flask import url_for

    from mooc import create_app
    from mooc.courses import links

    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "bench", "TESTING": True})
    html = body_html()
    found = links.REFERENCE.findall(html)
    assert len(found) == 6, found
    with app.test_request_context("/courses/course-1/lessons/lesson-1-1-1"):

        def floor() -> None:
            for kind, rest, _fragment in found:
                course, _sep, name = rest.partition("/")
                if kind == "media":
                    url_for("courses.media", slug=course, name=name)
                else:
                    url_for(links.ITEM_ENDPOINTS[kind], slug=course, item=name)

        base = timed(floor)
        ours = timed(lambda: links.expand(html))
        kept = timed(lambda: links.expand(html, ("bench", 1, "en")))
    label = f"{REPEAT} bodies of {len(html)} characters, {len(found)} links"
    return [
        row("links floor: url_for per link of a lesson body", base, base, None, label),
        row("links: expand a lesson body (references built once)", ours, base, 1.0, label),
        row("links: expand a lesson body kept by course version", kept, base, 0.1, label),
    ]


if __name__ == "__main__":
    from bench.run import print_table

    print_table(run())
