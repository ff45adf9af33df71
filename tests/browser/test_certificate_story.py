"""The learner's whole story in a real browser, in two languages: register, read, pass the quiz,
finish the course, download the certificate, and open its public verification page."""

from __future__ import annotations

import hashlib
import time

import pytest
from selenium.webdriver.common.by import By

from tests.browser.helpers import pass_the_demo_quiz, submit

WORDS = {
    "en": {"register": "Create an account", "valid": "This certificate is valid."},
    "es": {"register": "Crear una cuenta", "valid": "Este certificado es válido."},
}


def wait_for_pdf(browser, timeout: float = 20) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in browser.downloads.iterdir() if p.suffix == ".pdf"]
        if done:
            return done[0].read_bytes()
        time.sleep(0.1)
    raise AssertionError("the certificate was not downloaded")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_register_learn_get_the_certificate_and_verify_it(live_server, browser, lang):
    words = WORDS[lang]
    browser.get(f"{live_server}/?lang={lang}")
    browser.find_element(By.LINK_TEXT, words["register"]).click()
    browser.find_element(By.ID, "email").send_keys(f"maria-{lang}@example.org")
    browser.find_element(By.ID, "password").send_keys("a long password")
    browser.find_element(By.ID, "display_name").send_keys("María")
    browser.find_element(By.ID, "certificate_name").send_keys("María José Núñez")
    submit(browser, then="/")

    browser.get(f"{live_server}/courses/demo/")
    submit(browser, "/enrol", then="/lessons/intro")
    submit(browser, "/done", then="/lessons/charters")
    pass_the_demo_quiz(browser, live_server)
    browser.get(f"{live_server}/courses/demo/lessons/housing")
    submit(browser, "/done", then="/courses/demo")

    browser.get(f"{live_server}/courses/demo/")
    browser.find_element(By.XPATH, "//form[contains(@action, '/certificate')]//button").click()
    content = wait_for_pdf(browser)
    assert content.startswith(b"%PDF")

    browser.get(f"{live_server}/courses/demo/")
    browser.find_element(By.XPATH, "//a[contains(@href, '/verify/')]").click()
    main = browser.find_element(By.TAG_NAME, "main").text
    assert words["valid"] in main
    assert "María José Núñez" in main
    assert hashlib.sha256(content).hexdigest() in main
    assert "@example.org" not in browser.page_source
