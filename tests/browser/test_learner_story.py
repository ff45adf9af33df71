"""The learner's story in a real browser (Debian's headless Chromium, driven by Selenium)."""

from __future__ import annotations

import threading
import uuid

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as until
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from mooc import create_app
from mooc.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.trees import TreeBuilder


@pytest.fixture
def live_server(tmp_path):
    """The app on a free local port, on its own database, with the baseline course."""
    scratch = None
    if TEST_DATABASE_URL:
        scratch = f"mooc_browser_{uuid.uuid4().hex[:8]}"
        admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{scratch}"'))
        url = (
            make_url(TEST_DATABASE_URL).set(database=scratch).render_as_string(hide_password=False)
        )
    else:
        url = f"sqlite:///{tmp_path / 'browser.sqlite3'}"
    content = tmp_path / "content"
    TreeBuilder(content).baseline()
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "browser",
            "CONTENT_DIR": str(content),
            "DEVELOPMENT": True,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
    assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if scratch:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
            admin.dispose()


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium from Debian's packages (installed by `make test`)."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


def submit(browser, form_action: str | None = None, then: str | None = None) -> None:
    """Click the submit button of the main form (or of the form posting to `form_action`),
    then wait until the browser reaches a URL containing `then`."""
    xpath = (
        f"//form[contains(@action, '{form_action}')]//button[@type='submit']"
        if form_action
        else "//main//form//button[@type='submit']"
    )
    browser.find_element(By.XPATH, xpath).click()
    if then:
        WebDriverWait(browser, 10).until(until.url_contains(then))


def test_register_in_french_read_pass_a_quiz_and_see_the_next_module_open(live_server, browser):
    browser.get(f"{live_server}/?lang=fr")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    browser.find_element(By.LINK_TEXT, "Créer un compte").click()
    browser.find_element(By.ID, "email").send_keys("min-ji@example.org")
    browser.find_element(By.ID, "password").send_keys("a long password")
    browser.find_element(By.ID, "display_name").send_keys("Min-ji")
    browser.find_element(By.ID, "certificate_name").send_keys("김민지")
    submit(browser)
    WebDriverWait(browser, 10).until(until.presence_of_element_located((By.CLASS_NAME, "flash")))
    assert "Min-ji" in browser.find_element(By.TAG_NAME, "header").text

    browser.get(f"{live_server}/courses/demo/")
    assert "Cours de démonstration" in browser.find_element(By.TAG_NAME, "h1").text
    submit(browser, "/enrol", then="/lessons/intro")
    assert "Une ville des droits humains" in browser.page_source, browser.find_element(
        By.TAG_NAME, "main"
    ).text  # noqa: E501
    submit(browser, "/done", then="/lessons/charters")  # marked as done: on to the next
    browser.get(f"{live_server}/courses/demo/quizzes/check")
    browser.find_element(By.XPATH, "//input[@name='q-adopted-by'][@value='1']").click()
    browser.find_element(By.XPATH, "//input[@name='q-charters'][@value='0']").click()
    browser.find_element(By.XPATH, "//input[@name='q-charters'][@value='1']").click()
    browser.find_element(By.ID, "q-forum-city").send_keys("Gwangju")
    submit(browser, "/attempts", then="/attempts/1")
    assert "100" in browser.find_element(By.CLASS_NAME, "lead").text

    browser.get(f"{live_server}/courses/demo/")
    module = browser.find_element(By.ID, "module-more")
    assert "🔒" not in module.text
    module.find_element(By.LINK_TEXT, "Logement").click()
    assert "Le logement est un droit." in browser.page_source
