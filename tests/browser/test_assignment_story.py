"""The assignment's story in a real browser: three learners of two cities in one cohort hand in
their work and review each other's; the grades come; the trainer overrides one; the learner's
certificate, which requires the assignment, then becomes available."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from mooc.accounts import services as accounts
from mooc.accounts.models import User
from mooc.cities.models import MemberCity
from mooc.cohorts import services as cohorts
from mooc.courses import services as learning
from mooc.extensions import db
from tests.browser.helpers import gone, pass_the_demo_quiz, submit
from tests.cohorts.helpers import attach
from tests.trees import COURSE, PLAN, SECOND_EDITION, TreeBuilder

pytestmark = pytest.mark.slow
SHOTS = Path("/tmp/assignments")
CERTIFICATE = "certificate: {min_average: 70, require_all_lessons: true}"
PEOPLE = [("ana", "Ana", "Montevideo"), ("bea", "Bea", "Montevideo"), ("cho", "Cho", "Gwangju")]


def send(browser) -> None:
    """Click the form's `submit` button (hand in, send) and wait for the next page."""
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.XPATH, "//button[@value='submit']").click()
    WebDriverWait(browser, 10).until(lambda _driver: gone(page))


def sign_in(browser, live: str, who: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{live}/login")
    browser.find_element(By.ID, "email").send_keys(f"{who}@example.org")
    browser.find_element(By.ID, "password").send_keys("a long password")
    submit(browser, then="/")


def world(app) -> int:
    """The second edition (open modules, a certificate that requires the assignment, two peer
    reviews), a cohort of three learners of two cities and its trainer; the cohort's id."""
    tree = TreeBuilder(Path(app.config["CONTENT_DIR"]))
    for name, text in SECOND_EDITION.items():
        tree.write(name, text)
    tree.replace(f"{COURSE}/course.md", "sequential: true", "sequential: false")
    tree.replace(
        f"{COURSE}/course.md", CERTIFICATE, CERTIFICATE[:-1] + ", require_assignments: true}"
    )
    tree.replace(PLAN, "reviews: 3", "reviews: 2")
    result = app.test_cli_runner().invoke(args=["content", "sync", str(tree.root)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        cities = {}
        for name, country in (("Montevideo", "UY"), ("Gwangju", "KR")):
            cities[name] = MemberCity(name=name, country=country, region="latin-america")
            db.session.add(cities[name])
        db.session.commit()
        trainer = accounts.register("lucia@example.org", "a long password", "Lucía", role="trainer")
        attach(trainer, cities["Montevideo"])  # an admin attached her to her city
        cohort = cohorts.create(trainer, "Officials 2027", cities["Montevideo"].id, "course:demo")
        for who, name, city in PEOPLE:
            user = accounts.register(f"{who}@example.org", "a long password", name)
            user.city_id = cities[city].id
            db.session.commit()
            cohorts.join(user, cohort.join_code)
        ana = db.session.scalar(select(User).where(User.email == "ana@example.org"))
        for lesson in ("intro", "charters", "reflect", "housing"):
            learning.complete_lesson(ana.id, "demo", lesson)
        cohort_id = cohort.id
        db.session.remove()
    return cohort_id


def review_everything(browser, live: str, level: str) -> int:
    """Open each work given to review, choose `level` (lowest or highest) everywhere, send."""
    browser.get(f"{live}/courses/demo/assignments/plan")
    links = [
        a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".to-review a")
    ]
    for link in links:
        browser.get(link)
        assert "Ana" not in browser.find_element(By.TAG_NAME, "main").text  # anonymous
        for fieldset in browser.find_elements(By.CSS_SELECTOR, "fieldset.criterion"):
            radios = fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio]")
            (radios[0] if level == "lowest" else radios[-1]).click()
            fieldset.find_element(By.TAG_NAME, "textarea").send_keys("Specific and dated.")
        send(browser)
        assert "Your review is sent" in browser.find_element(By.TAG_NAME, "main").text
    return len(links)


def test_peers_of_two_cities_review_a_trainer_overrides_the_certificate_follows(live_app, browser):
    app, live = live_app
    cohort_id = world(app)
    SHOTS.mkdir(exist_ok=True)
    for who, _name, city in PEOPLE:
        sign_in(browser, live, who)
        browser.get(f"{live}/courses/demo/assignments/plan")
        assert browser.find_elements(By.ID, "body"), browser.find_element(By.TAG_NAME, "body").text
        browser.find_element(By.ID, "body").send_keys(
            f"Our agenda ({city}): the right to housing, with the housing office, by June."
        )
        send(browser)
        assert "Your work is handed in." in browser.find_element(By.TAG_NAME, "main").text
    browser.set_window_size(390, 900)
    browser.save_screenshot(str(SHOTS / "handed-in-390.png"))
    browser.set_window_size(1200, 900)
    # Cho (Gwangju) and Bea judge harshly, Ana generously: Ana does not pass, the others do.
    for who, level in (("cho", "lowest"), ("ana", "highest"), ("bea", "lowest")):
        sign_in(browser, live, who)
        browser.get(f"{live}/courses/demo/assignments/plan")
        submit(browser, "/reviews", then="#to-review")
        assert review_everything(browser, live, level) == 2
    sign_in(browser, live, "ana")
    browser.get(f"{live}/courses/demo/assignments/plan")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Your grade" in main and "Not passed yet" in main and "Bea" not in main
    pass_the_demo_quiz(browser, live)
    browser.get(f"{live}/courses/demo/")
    # What is left sits in the certificate's details (a disclosure): its text, shown or not.
    left = browser.find_element(By.TAG_NAME, "main").get_attribute("textContent")
    assert "pass the assignment" in left

    sign_in(browser, live, "lucia")
    browser.get(f"{live}/cohorts/{cohort_id}")
    assert "Assignments" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(f"{live}/cohorts/{cohort_id}/assignments")
    browser.save_screenshot(str(SHOTS / "trainer-assignments.png"))
    browser.find_element(By.LINK_TEXT, "Ana").click()
    for fieldset in browser.find_elements(By.CSS_SELECTOR, "fieldset.criterion"):
        fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio]")[-1].click()
    submit(browser, "/review", then="/submissions/")
    assert "it decides the grade" in browser.find_element(By.TAG_NAME, "main").text

    sign_in(browser, live, "ana")
    browser.get(f"{live}/courses/demo/assignments/plan")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "6 of 6 points" in main and "Passed" in main and "Lucía" in main
    browser.save_screenshot(str(SHOTS / "graded.png"))
    browser.get(f"{live}/courses/demo/")
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "pass the assignment" not in page
    assert browser.find_elements(By.XPATH, "//form[contains(@action, '/certificate')]//button")
