"""Facilitator notes never reach a learner: not in any page, not in any API answer."""

from __future__ import annotations

import itertools
import re

from sqlalchemy import select

from mooc.courses.models import Lesson
from mooc.extensions import db
from tests.trees import COURSE, NOTES, second_edition

VALUES = {
    "slug": ("demo", "practitioner"),
    "course_slug": ("demo",),
    "number": ("1",),
    "name": ("map.svg",),
    "filename": ("style.css",),
}


def learner_urls(app) -> list[str]:
    """Every GET route of the app, with every item of the tree where a route takes one."""
    items = [slug for (slug,) in db.session.execute(select(Lesson.slug))]
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()):
            continue
        names = sorted(rule.arguments)
        choices = [("item", items) if n == "item" else (n, VALUES.get(n, ("x",))) for n in names]
        for combination in itertools.product(*(values for _name, values in choices)):
            url = rule.rule
            for (name, _values), value in zip(choices, combination, strict=True):
                url = re.sub(rf"<(?:[\w()]+:)?{name}>", value, url)
            urls.append(url)
    return urls


def test_no_page_or_api_answer_carries_a_facilitator_note(app, client, learner, runner, tree):
    second_edition(tree)
    # every module open, so that every item's page is served in full
    tree.replace(f"{COURSE}/course.md", "sequential: true", "sequential: false")
    assert runner.invoke(args=["content", "sync", str(tree.root)]).exit_code == 0
    client.post("/courses/demo/enrol")
    client.post("/courses/demo/quizzes/check/attempts", data={"q-adopted-by": "1"})
    client.post("/api/v1/courses/demo/quizzes/check/attempts", json={"answers": {}})
    served = 0
    for locale in ("en", "fr"):
        client.get(f"/?lang={locale}")
        for url in learner_urls(app):
            response = client.get(url)
            body = response.get_data().decode("utf-8", "replace")  # PDFs too (the workbook)
            response.close()  # a media file is streamed from disk
            for note in NOTES:
                assert note not in body, (url, locale, note)
            served += response.status_code == 200
    assert served > 40  # pages and API answers of every item, in two languages
    reflect = client.get("/courses/demo/lessons/reflect").get_data(as_text=True)
    assert 'data-reflection="first-step"' in reflect  # the lesson itself was served
    assert "FACILITATOR" not in client.get("/api/v1/courses/demo/lessons/reflect").get_data(
        as_text=True
    )
