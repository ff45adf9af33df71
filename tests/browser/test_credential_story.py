"""At phone width, as people open it from the QR code: the verify page fits (the SHA-256
wraps), the learner downloads the Open Badges JSON, and /verify checks that file; axe-core finds
no violation on the verify page, its upload form and its answer."""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By

from tests.browser.helpers import PHONE, assert_accessible, at_size, pass_the_demo_quiz, submit


def wait_for(browser, suffix: str, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in browser.downloads.iterdir() if p.name.endswith(suffix)]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} was downloaded")


def fits(browser) -> bool:
    return browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"
    )


def test_verify_and_check_the_credential_at_phone_width(live_server, browser):
    browser.set_window_size(390, 844)
    browser.get(f"{live_server}/register?lang=fr")
    browser.find_element(By.ID, "email").send_keys("amina@example.org")
    browser.find_element(By.ID, "password").send_keys("a long password")
    browser.find_element(By.ID, "display_name").send_keys("Amina")
    browser.find_element(By.ID, "certificate_name").send_keys("Amina Benali-Oufkir El Idrissi")
    submit(browser, then="/")
    browser.get(f"{live_server}/courses/demo/")
    submit(browser, "/enrol", then="/lessons/intro")
    submit(browser, "/done", then="/lessons/charters")
    pass_the_demo_quiz(browser, live_server)
    browser.get(f"{live_server}/courses/demo/lessons/housing")
    submit(browser, "/done", then="/courses/demo")
    browser.find_element(By.XPATH, "//form[contains(@action, '/certificate')]//button").click()
    wait_for(browser, ".pdf")

    browser.get(f"{live_server}/courses/demo/")
    linkedin = browser.find_element(By.LINK_TEXT, "Ajouter au profil LinkedIn")
    assert linkedin.get_attribute("href").startswith("https://www.linkedin.com/profile/add?")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Attestation Open Badges").click()
    credential = wait_for(browser, ".json")

    browser.get(f"{live_server}/courses/demo/")
    browser.find_element(By.XPATH, "//a[contains(@href, '/verify/')]").click()
    assert "Ce certificat est valide." in browser.find_element(By.TAG_NAME, "main").text
    assert fits(browser)
    assert_accessible(browser)  # axe-core, at desktop and phone width
    at_size(browser, PHONE)
    browser.get(f"{live_server}/verify/NOTACODE")
    assert "Aucun certificat ne porte ce code." in browser.page_source and fits(browser)

    browser.get(f"{live_server}/verify")
    assert_accessible(browser)  # the upload form
    at_size(browser, PHONE)
    browser.find_element(By.ID, "file").send_keys(str(credential))
    submit(browser, then="/verify")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "La signature est valide" in main and "Valide : non révoquée" in main
    assert "Amina Benali-Oufkir El Idrissi" in main and fits(browser)
    assert_accessible(browser)  # what the check found
