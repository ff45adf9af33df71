"""The trainer's story in a real browser: sign in, create a cohort, add a learner, export."""

from __future__ import annotations

import csv
import io
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import select

from mooc.accounts import services as accounts
from mooc.accounts.models import User
from mooc.cities.models import MemberCity
from mooc.cohorts import services as cohorts
from mooc.cohorts.models import CohortInvitation
from mooc.extensions import db
from tests.browser.helpers import submit
from tests.cohorts.helpers import attach

WORDS = {
    "en": {
        "cohorts": "Cohorts",
        "create": "Create a cohort",
        "name": "Name",
        "yes": "Montevideo",
        "add": "Add learners",
    },
    "fr": {
        "add": "Ajouter des personnes",
        "cohorts": "Cohortes",
        "create": "Créer une cohorte",
        "name": "Nom",
        "yes": "Montevideo",
    },
}


def downloaded(browser, suffix: str, timeout: float = 15) -> bytes:
    """The first finished download ending with `suffix`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in browser.downloads.iterdir():
            if path.name.endswith(suffix):
                return path.read_bytes()
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} download")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_trainer_creates_a_cohort_adds_a_learner_and_exports(live_app, browser, lang):
    app, live = live_app
    with app.app_context():
        trainer = accounts.register(
            "trainer@example.org", "a long password", "Lucía", role="trainer", language=lang
        )
        accounts.register("ana@example.org", "another password", "Ana")
        city = MemberCity(name="Montevideo", country="UY", region="latin-america")
        db.session.add(city)
        db.session.commit()
        attach(trainer, city)  # an admin attached her to her city
        db.session.remove()
    words = WORDS[lang]
    browser.get(f"{live}/login?lang={lang}")
    browser.find_element(By.ID, "email").send_keys("trainer@example.org")
    browser.find_element(By.ID, "password").send_keys("a long password")
    submit(browser)
    browser.find_element(By.LINK_TEXT, words["cohorts"]).click()
    browser.find_element(By.LINK_TEXT, words["create"]).click()
    browser.find_element(By.ID, "name").send_keys("Montevideo 2027")
    Select(browser.find_element(By.ID, "city_id")).select_by_visible_text("Montevideo")
    Select(browser.find_element(By.ID, "target")).select_by_value("course:demo")
    submit(browser, then="/cohorts/1")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Montevideo 2027"
    assert "/join/" in browser.find_element(By.TAG_NAME, "main").text

    browser.find_element(By.LINK_TEXT, words["add"]).click()
    browser.find_element(By.ID, "emails").send_keys("ana@example.org")
    submit(browser, "/learners", then="/cohorts/1/learners")
    browser.get(f"{live}/cohorts/1")
    assert "Ana" not in browser.find_element(By.CLASS_NAME, "data").text  # invited, not in
    with app.app_context():  # she accepts the invitation she was mailed
        invitation = db.session.scalar(select(CohortInvitation))
        ana = db.session.scalar(select(User).where(User.email == "ana@example.org"))
        cohorts.accept_invitation(ana, invitation)
        db.session.remove()
    browser.refresh()
    assert "Ana" in browser.find_element(By.CLASS_NAME, "data").text

    browser.find_element(By.LINK_TEXT, "CSV").click()
    rows = list(csv.reader(io.StringIO(downloaded(browser, ".csv").decode("utf-8-sig"))))
    assert rows[0][0] == words["name"]
    assert rows[1][:2] == ["Ana", "ana@example.org"]
    browser.find_element(By.PARTIAL_LINK_TEXT, "Excel").click()
    assert downloaded(browser, ".xlsx").startswith(b"PK")  # a zip: the workbook
