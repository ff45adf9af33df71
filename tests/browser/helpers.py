"""Browser helpers shared by the stories."""

from __future__ import annotations

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as until
from selenium.webdriver.support.ui import WebDriverWait


def gone(element) -> bool:
    """True once `element` no longer belongs to the page shown (Chromium says so in two ways)."""
    try:
        element.is_enabled()
    except WebDriverException:  # stale reference, or "node does not belong to the document"
        return True
    return False


def submit(browser, form_action: str | None = None, then: str | None = None) -> None:
    """Click the submit button of the main form (or of the form posting to `form_action`),
    then wait until the next page has replaced this one and its URL contains `then`."""
    xpath = (
        f"//form[contains(@action, '{form_action}')]//button[@type='submit']"
        if form_action
        else "//main//form//button[@type='submit']"
    )
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.XPATH, xpath).click()
    if then:
        WebDriverWait(browser, 10).until(lambda _driver: gone(page))
        WebDriverWait(browser, 10).until(until.url_contains(then))


def pass_the_demo_quiz(browser, live_server: str) -> None:
    """Answer every question of the demo course's quiz right, and submit."""
    browser.get(f"{live_server}/courses/demo/quizzes/check")
    browser.find_element(By.XPATH, "//input[@name='q-adopted-by'][@value='1']").click()
    browser.find_element(By.XPATH, "//input[@name='q-charters'][@value='0']").click()
    browser.find_element(By.XPATH, "//input[@name='q-charters'][@value='1']").click()
    browser.find_element(By.ID, "q-forum-city").send_keys("Gwangju")
    submit(browser, "/attempts", then="/attempts/1")
