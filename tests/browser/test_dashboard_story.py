"""The trainer's tools in a real browser: an Outlook paste with a bad address, and the dashboard
at a phone's and a laptop's width, axe-core clean, with screenshots to look at."""

from __future__ import annotations

import os

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from mooc.cohorts import demo
from mooc.extensions import db
from tests.browser.axe import assert_accessible
from tests.browser.helpers import submit

SHOTS = os.environ.get("MOOC_SCREENSHOTS", "")  # a folder to keep the screenshots in
PASTE = "Ana Gómez <ana@example.org>; Bob Li <bob@example>\nCarl Roe <carl@example.org>"


def shoot(browser, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        height = browser.execute_script("return document.documentElement.scrollHeight")
        width = browser.get_window_size()["width"]
        browser.set_window_size(width, min(height + 150, 6000))
        browser.save_screenshot(os.path.join(SHOTS, f"{name}.png"))


def page_width(browser) -> int:
    return browser.execute_script("return document.documentElement.scrollWidth")


@pytest.mark.slow
def test_an_outlook_paste_and_the_dashboard_at_two_widths(live_app, browser):
    app, live = live_app
    with app.app_context(), app.test_request_context():
        cohort = demo.seed(60, "demo")
        cohort_id = cohort.id
        db.session.remove()
    browser.set_window_size(1366, 900)
    browser.get(f"{live}/login")
    browser.find_element(By.ID, "email").send_keys("trainer@demo.example.org")
    browser.find_element(By.ID, "password").send_keys(demo.DEMO_PASSWORD)
    submit(browser, then="/")

    # An Outlook paste with one bad address: nothing added, the list kept, the error by the field.
    browser.get(f"{live}/cohorts/{cohort_id}")
    browser.find_element(By.LINK_TEXT, "Add learners").click()
    browser.find_element(By.ID, "emails").send_keys(PASTE)
    submit(browser, f"/cohorts/{cohort_id}/learners", then="/learners")
    field = browser.find_element(By.ID, "emails")
    assert field.get_attribute("value") == PASTE
    assert field.get_attribute("aria-invalid") == "true"
    error = browser.find_element(By.ID, "emails-error")
    assert "Line 1: 'bob@example' is not an email address." in error.text
    assert "emails-error" in field.get_attribute("aria-describedby")
    # The error sits right under the field, in the first screen.
    assert 0 < error.location["y"] - field.location["y"] < 300
    assert error.location["y"] < 900
    assert_accessible(browser, "add learners, with an error")
    shoot(browser, "add-learners-error-1366")
    field.clear()
    field.send_keys(PASTE.replace("bob@example>", "bob@example.org>"))
    submit(browser, f"/cohorts/{cohort_id}/learners", then="/learners")
    assert "3 invited" in browser.find_element(By.CLASS_NAME, "flash").text

    for width, height in ((1366, 900), (390, 844)):
        browser.set_window_size(width, height)
        browser.get(f"{live}/cohorts/{cohort_id}")
        assert page_width(browser) <= width, (width, page_width(browser))
        main = browser.find_element(By.TAG_NAME, "main")
        if width == 1366:
            assert main.size["width"] > 1200  # the dashboard uses the screen
            table = browser.find_element(By.CSS_SELECTOR, "table.learners")
            assert table.size["width"] <= main.size["width"]
        # The actions come first, before the figures.
        actions = browser.find_element(By.CSS_SELECTOR, "nav.actions")
        assert actions.location["y"] < browser.find_element(By.ID, "summary-heading").location["y"]
        # Module labels are real text, readable on a phone.
        label = browser.find_element(By.CSS_SELECTOR, ".bar-label")
        size = float(label.value_of_css_property("font-size").removesuffix("px"))
        assert size >= 14, size
        assert_accessible(browser, f"dashboard at {width} px")
        shoot(browser, f"dashboard-{width}")

    # Filter, search and sort with the keyboard-free form, at phone width.
    browser.set_window_size(390, 844)
    browser.get(f"{live}/cohorts/{cohort_id}")
    Select(browser.find_element(By.ID, "show")).select_by_value("completed")
    browser.find_element(By.ID, "q").send_keys("Learner")
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "show=completed" in b.current_url)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.learners tbody tr")
    assert rows and all("yes" in row.text for row in rows)
    assert page_width(browser) <= 390
    assert_accessible(browser, "dashboard filtered at 390 px")
    shoot(browser, "dashboard-filtered-390")
