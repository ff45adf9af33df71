"""The author's story in a real browser: preview a draft course in Spanish, read a check error
on the author page, fix it in the folder, publish, and find the sync in the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from mooc.accounts import services as accounts
from mooc.extensions import db
from tests.browser.helpers import submit
from tests.trees import COURSE, MODULE, TreeBuilder

SHOTS = Path("/tmp/authoring")


@pytest.mark.slow
def test_an_author_previews_a_draft_in_spanish_fixes_an_error_and_publishes(live_app, browser):
    app, live = live_app
    tree = TreeBuilder(Path(app.config["CONTENT_DIR"]))
    tree.replace(
        f"{COURSE}/course.md", "languages: [en, fr]", "languages: [en, fr, es]\nstatus: draft"
    )
    tree.write(
        f"{COURSE}/course.es.md",
        "---\ntitle: Curso de demostración\nsummary: Un curso.\n---\n\nBienvenida.\n",
    )
    tree.write(
        f"{MODULE}/01-intro.es.md",
        "---\ntitle: Introducción\n---\n\nUna ciudad de derechos humanos.\n",
    )
    with app.app_context():
        assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
        accounts.register(
            "autora@example.org", "a long password", "Inés", role="author", language="es"
        )
        db.session.commit()
        db.session.remove()
    SHOTS.mkdir(exist_ok=True)
    browser.set_window_size(390, 900)

    # Learners do not see the draft.
    browser.get(f"{live}/courses/demo/")
    assert "404" in browser.title or "Curso" not in browser.page_source

    browser.get(f"{live}/login?lang=es")
    browser.find_element(By.ID, "email").send_keys("autora@example.org")
    browser.find_element(By.ID, "password").send_keys("a long password")
    submit(browser)
    browser.find_element(By.LINK_TEXT, "Redacción").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Redacción"
    browser.find_element(By.LINK_TEXT, "Vista previa como participante").click()
    browser.get(browser.current_url.split("?")[0] + "?lang=es")
    assert "Borrador" in browser.find_element(By.CLASS_NAME, "preview-banner").text
    assert browser.find_element(By.TAG_NAME, "h1").text == "Curso de demostración"
    browser.find_element(By.LINK_TEXT, "Introducción").click()
    assert "Una ciudad de derechos humanos." in browser.find_element(By.TAG_NAME, "main").text
    browser.save_screenshot(str(SHOTS / "preview-es.png"))

    # A typo in the quiz: the author page shows it with its file and line.
    tree.replace(f"{MODULE}/03-check.md", "pass_mark: 70", "pass_mak: 70")
    browser.get(f"{live}/author/")
    problems = browser.find_element(By.CLASS_NAME, "problems").text
    assert "courses/01-demo/01-basics/03-check.md:4: error:" in problems
    browser.save_screenshot(str(SHOTS / "author-error.png"))

    # Fixed in the folder, and the course made public: publish, confirming the impact.
    tree.replace(f"{MODULE}/03-check.md", "pass_mak: 70", "pass_mark: 70")
    tree.replace(f"{COURSE}/course.md", "status: draft\n", "")
    browser.get(f"{live}/author/")
    assert ": error:" not in browser.find_element(By.TAG_NAME, "main").text  # warnings only
    browser.find_element(By.LINK_TEXT, "Publicar estos cambios…").click()
    assert "Qué cambia" in browser.find_element(By.TAG_NAME, "main").text
    browser.save_screenshot(str(SHOTS / "confirm.png"))
    submit(browser, "/author/publish", then="/author/history")
    history = browser.find_element(By.CLASS_NAME, "history").text
    assert "Inés" in history
    browser.save_screenshot(str(SHOTS / "history.png"))

    # Learners now see the course.
    browser.get(f"{live}/courses/demo/?lang=es")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Curso de demostración"
