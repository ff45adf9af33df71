"""Learners are never stranded, in a real browser (Debian's headless Chromium): the locked-out
learner rescued by her trainer's grant, the newcomer joining through the link, "My learning"
resume, the course page at phone width with the outline in the first screen; axe-core finds no
violation on any page of these stories, at 390 and 1366 px."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select

from mooc.cohorts.models import Cohort
from mooc.extensions import db
from tests.browser.helpers import PHONE, assert_accessible, at_size, submit

pytestmark = pytest.mark.slow
PASSWORD = "demo password"
QUIZ = "/courses/demo/quizzes/check"


@pytest.fixture
def demo(live_app):
    """The demo admin, trainer and learner of `make run`, the learner in the trainer's cohort."""
    app, base = live_app
    runner = app.test_cli_runner()
    for args in (["cities", "import", "data/member-cities.csv"], ["demo", "accounts"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    with app.app_context():
        code = db.session.scalar(select(Cohort.join_code))
        db.session.remove()
    return base, code


def sign_in(browser, base: str, who: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{base}/login")
    browser.find_element(By.ID, "email").send_keys(f"{who}@demo.example.org")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(browser, then="/learning")


def answer_wrong(browser) -> None:
    browser.find_element(By.XPATH, "//input[@name='q-adopted-by'][@value='0']").click()
    browser.find_element(By.XPATH, "//input[@name='q-charters'][@value='2']").click()
    browser.find_element(By.ID, "q-forum-city").send_keys("Seoul")


def test_a_learner_locked_out_of_a_quiz_is_rescued_by_her_trainer(demo, browser):
    base, _code = demo
    sign_in(browser, base, "learner")
    browser.get(f"{base}/courses/demo/lessons/intro")
    submit(browser, "/done", then="/lessons/charters")
    browser.get(f"{base}{QUIZ}")
    assert_accessible(browser)
    submit(browser, "/attempts")  # nothing answered: named, and asked to confirm
    assert "3 questions have no answer." in browser.find_element(By.ID, "unanswered").text
    assert_accessible(browser)
    answer_wrong(browser)
    submit(browser, "/attempts", then="/attempts/1")
    assert "2 attempts left" in browser.find_element(By.CLASS_NAME, "attempts-left").text
    assert_accessible(browser)
    for number in (2, 3):
        browser.find_element(By.XPATH, "//button[normalize-space()='Try again']").click()
        answer_wrong(browser)
        submit(browser, "/attempts", then=f"/attempts/{number}")
    assert "The correct answer" in browser.page_source  # no attempt left: the key is shown
    assert_accessible(browser)
    browser.get(f"{base}{QUIZ}")
    stranded = browser.find_element(By.CLASS_NAME, "stranded").text
    assert "You can still pass it" in stranded and "Demo Trainer" in stranded
    assert_accessible(browser)

    sign_in(browser, base, "trainer")
    browser.get(f"{base}/quizzes/attempts")
    assert "Demo Learner" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
    browser.find_element(By.ID, "reason-1").send_keys("Her connection failed during the quiz")
    submit(browser, "/quizzes/attempts/grants", then="/quizzes/attempts")
    assert "The attempts are granted" in browser.find_element(By.CLASS_NAME, "flash").text
    assert "Her connection failed" in browser.find_element(By.TAG_NAME, "table").text

    sign_in(browser, base, "learner")
    browser.get(f"{base}{QUIZ}")
    assert "Attempts used: 3 of 4" in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.XPATH, "//input[@name='q-adopted-by'][@value='1']").click()
    browser.find_element(By.XPATH, "//input[@name='q-charters'][@value='0']").click()
    browser.find_element(By.XPATH, "//input[@name='q-charters'][@value='1']").click()
    browser.find_element(By.ID, "q-forum-city").send_keys("Gwangju")
    submit(browser, "/attempts", then="/attempts/4")
    assert "passed" in browser.find_element(By.CLASS_NAME, "lead").text
    assert browser.find_element(By.PARTIAL_LINK_TEXT, "Next:")  # module 2 opens


def test_a_newcomer_joins_through_the_link(demo, browser):
    base, code = demo
    browser.get(f"{base}/join/{code}")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Demo cohort" in main and "Demo course" in main and "Demo Trainer" in main
    assert_accessible(browser)
    browser.find_element(By.XPATH, "//button[@value='register']").click()
    browser.find_element(By.ID, "email").send_keys("nour@example.org")
    browser.find_element(By.ID, "password").send_keys("a long password")
    browser.find_element(By.ID, "display_name").send_keys("Nour")
    browser.find_element(By.ID, "certificate_name").send_keys("Nour Haddad")
    assert_accessible(browser)
    submit(browser, then="/courses/demo")
    assert "You joined Demo cohort." in browser.find_element(By.CLASS_NAME, "flash").text


def test_my_learning_resumes_at_the_next_item(demo, browser):
    base, _code = demo
    sign_in(browser, base, "learner")
    browser.get(f"{base}/courses/demo/lessons/intro")
    submit(browser, "/done", then="/lessons/charters")
    browser.get(f"{base}/learning")
    assert_accessible(browser)
    browser.find_element(By.CSS_SELECTOR, "a.button.big").click()
    assert browser.current_url.endswith("/courses/demo/lessons/charters")
    assert_accessible(browser)
    at_size(browser, PHONE)
    assert browser.find_element(By.CSS_SELECTOR, "details.module-nav").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "nav.module-nav").is_displayed()


def test_the_course_page_shows_the_outline_in_the_first_phone_screen(demo, browser):
    base, _code = demo
    sign_in(browser, base, "learner")
    at_size(browser, PHONE)
    browser.get(f"{base}/courses/demo/")
    top = browser.execute_script(
        "return document.querySelector('ol.modules li').getBoundingClientRect().top"
    )
    assert top < PHONE[1], top
    assert_accessible(browser)
    browser.get(f"{base}/courses/demo/lessons/housing")  # locked: says what opens it
    assert "Basics" in browser.find_element(By.CLASS_NAME, "status-locked").text
    assert_accessible(browser)
