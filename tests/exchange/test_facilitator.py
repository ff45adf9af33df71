"""Facilitator notes of course, module and lesson bodies: shown to trainers and admins, never in
a learner's or a visitor's page or API answer (every GET route of the test tree, searched)."""

from __future__ import annotations

import itertools
import re

import pytest
from sqlalchemy import select

from mooc.courses.models import Lesson
from mooc.exchange import services
from mooc.extensions import db
from tests.exchange.helpers import answer, prompt, sync_second_edition, two_cohorts
from tests.factories import UserFactory
from tests.trees import NOTES

COURSE_NOTE, MODULE_NOTE, LESSON_NOTE = NOTES[:3]


@pytest.fixture
def world(runner, tree):
    sync_second_edition(runner, tree)
    found = two_cohorts()
    mine = answer(found["ana"], "Ana idea", share_cohort=True, share_cities=True)
    answer(found["bea"], "Bea idea", share_cohort=True)
    discussion = services.start_discussion(
        found["trainer_a"], found["a"], prompt().module_id, "Desk talk", "Tell us"
    )
    services.post(found["ana"], discussion, "A thread", "en")
    found.update(answer=mine, discussion=discussion)
    return found


@pytest.mark.parametrize("who", ["trainer_a", "admin"])
def test_trainers_and_admins_read_the_course_and_module_notes(client, auth, world, who):
    user = world[who] if who != "admin" else UserFactory(role="admin")
    auth.login(user)
    client.post("/courses/demo/enrol")  # trainers read lessons as enrolled readers do
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert COURSE_NOTE in page and MODULE_NOTE in page
    assert page.count('class="facilitator"') >= 2
    assert LESSON_NOTE in client.get("/courses/demo/lessons/reflect").get_data(as_text=True)


def urls(app, world) -> list[str]:
    """Every GET route of the app, with every item, prompt and object of the test world."""
    items = [slug for (slug,) in db.session.execute(select(Lesson.slug))]
    values = {
        "slug": ("demo", "practitioner"),
        "course_slug": ("demo",),
        "item": items,
        "prompt": ("first-step", "second-step", "module-hope"),
        "number": ("1",),
        "name": ("map.svg",),
        "filename": ("style.css",),
        "cohort_id": (str(world["a"].id),),
        "answer_id": (str(world["answer"].id),),
        "discussion_id": (str(world["discussion"].id),),
        "fmt": ("csv", "json", "pdf"),
    }
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()):
            continue
        names = sorted(rule.arguments)
        choices = [values.get(name, ("x",)) for name in names]
        for combination in itertools.product(*choices):
            url = rule.rule
            for name, value in zip(names, combination, strict=True):
                url = re.sub(rf"<(?:[\w()]+:)?{name}>", value, url)
            found.append(url)
    return found


@pytest.mark.parametrize("who", ["ana", None])
def test_no_learner_or_visitor_page_or_api_answer_carries_a_note(app, client, auth, world, who):
    if who is not None:
        auth.login(world[who])
    served = 0
    for locale in ("en", "fr", "es"):
        client.get(f"/?lang={locale}")
        for url in urls(app, world):
            response = client.get(url)
            body = response.get_data(as_text=True) if response.mimetype != "application/pdf" else ""
            response.close()
            for note in NOTES:
                assert note not in body, (who, locale, url, note)
            served += response.status_code == 200
    assert 'class="facilitator"' not in client.get("/courses/demo/").get_data(as_text=True)
    assert served > (60 if who else 20)
