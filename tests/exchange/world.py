"""Exchange objects for the route table's world (tests/routes.py): a reflection lesson, shared
answers, a reply, a discussion with a thread, a report."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from mooc.cohorts import services as cohorts
from mooc.exchange import services
from tests.factories import UserFactory
from tests.trees import REFLECT, SECOND_EDITION, TreeBuilder


def add_exchange(world) -> None:
    """The baseline plus an optional reflection lesson; the world's learner shares an answer,
    a classmate replies and reports; her trainer opens a discussion and she starts a thread."""
    from mooc.courses.content.sync import sync_tree
    from tests.exchange.helpers import course, prompt

    tree = TreeBuilder(Path(current_app.config["CONTENT_DIR"]))
    tree.write(REFLECT, SECOND_EDITION[REFLECT].replace("title:", "required: false\ntitle:", 1))
    assert sync_tree(str(tree.root)).written
    classmate = UserFactory(display_name="Classmate")
    cohorts.join(classmate, world.cohort.join_code)
    mine = services.save_answer(
        world.learner, course(), prompt(), "My answer", "en", share_cohort=True, share_cities=True
    )
    services.save_answer(classmate, course(), prompt(), "Hers", "en", share_cohort=True)
    services.reply(classmate, mine, world.cohort.id, "A reply", "en")
    report = services.report(classmate, "off topic", world.cohort.id, answer=mine)
    module_id = prompt().module_id
    discussion = services.start_discussion(
        world.trainer, world.cohort, module_id, "First steps", "Tell us", prompt().id
    )
    thread = services.post(world.learner, discussion, "My thread", "en")
    world.extra.update(
        prompt="first-step",
        answer_id=mine.id,
        post_id=thread.id,
        discussion_id=discussion.id,
        report_id=report.id,
    )
