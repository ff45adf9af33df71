"""The author pages pass axe-core at desktop and phone width: the folder's list with a check
error, the same list and the confirmation with the impact on learners, the history, and the
preview of a draft course, its lesson and its quiz."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select

from mooc.accounts import services as accounts
from mooc.courses import services as learning
from mooc.courses.models import Course
from mooc.extensions import db
from tests.browser.helpers import assert_accessible, submit
from tests.factories import UserFactory
from tests.trees import COURSE, MODULE, TreeBuilder

pytestmark = pytest.mark.slow


def sign_in(browser, live: str) -> None:
    browser.get(f"{live}/login")
    browser.find_element(By.ID, "email").send_keys("author@example.org")
    browser.find_element(By.ID, "password").send_keys("a long password")
    submit(browser, then="/")


def test_the_author_pages_pass_axe(live_app, browser):
    app, live = live_app
    tree = TreeBuilder(Path(app.config["CONTENT_DIR"]))
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "demo"))
        for number in range(3):
            user = UserFactory(display_name=f"Learner {number}")
            learning.enrol(user.id, course.id)
            learning.complete_lesson(user.id, "demo", "intro")
        accounts.register("author@example.org", "a long password", "Ana", role="author")
        db.session.commit()
        db.session.remove()
    sign_in(browser, live)

    # A check error (file and line) and the changes it blocks.
    tree.replace(f"{MODULE}/03-check.md", "pass_mark: 70", "pass_mak: 70")
    browser.get(f"{live}/author/")
    assert ": error:" in browser.find_element(By.CLASS_NAME, "problems").text
    assert_accessible(browser)

    # Fixed; a lesson learners completed is archived and the course becomes a draft: the list
    # and the confirmation both show the impact.
    tree.replace(f"{MODULE}/03-check.md", "pass_mak: 70", "pass_mark: 70")
    tree.remove(f"{MODULE}/01-intro.md")
    tree.remove(f"{MODULE}/01-intro.fr.md")
    tree.replace(f"{COURSE}/course.md", "languages: [en, fr]", "languages: [en, fr]\nstatus: draft")
    browser.get(f"{live}/author/")
    assert "completed this lesson" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
    browser.get(f"{live}/author/publish")
    assert "completed this lesson" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)

    # Published: the history lists the sync.
    submit(browser, "/author/publish", then="/author/history")
    assert "Ana" in browser.find_element(By.CLASS_NAME, "history").text
    assert_accessible(browser)

    # The draft, previewed as learners will see it, in French too.
    for page in (
        "/author/preview/demo/",
        "/author/preview/demo/lessons/charters",
        "/author/preview/demo/quizzes/check",
    ):
        for lang in ("en", "fr"):
            browser.get(f"{live}{page}?lang={lang}")
            assert browser.find_element(By.CLASS_NAME, "preview-banner").text
            assert_accessible(browser)
