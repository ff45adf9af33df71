"""The learner's story in a real browser (Debian's headless Chromium, driven by Selenium)."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as until
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.helpers import pass_the_demo_quiz, submit


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
    pass_the_demo_quiz(browser, live_server)
    assert "100" in browser.find_element(By.CLASS_NAME, "lead").text

    browser.get(f"{live_server}/courses/demo/")
    module = browser.find_element(By.ID, "module-more")
    assert "🔒" not in module.text
    module.find_element(By.LINK_TEXT, "Logement").click()
    assert "Le logement est un droit." in browser.page_source
