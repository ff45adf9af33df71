"""The exchange in a real browser: two learners of two cities in two cohorts of one course (one
reading in Spanish, one in French) answer, share with their cohort and across cities, see each
other's answers only as the rules allow, reply and report; a trainer hides a post; a mail
arrives at the test SMTP server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select

from mooc.accounts import services as accounts
from mooc.accounts.models import User
from mooc.cities.models import MemberCity
from mooc.cohorts import services as cohorts
from mooc.exchange.models import Answer, Report
from mooc.extensions import db
from tests.browser.helpers import submit
from tests.cohorts.helpers import attach
from tests.trees import REFLECT, SECOND_EDITION, TreeBuilder

pytestmark = pytest.mark.slow
LESSON = "/courses/demo/lessons/reflect"
PROMPT = "/courses/demo/reflections/first-step"


def setup(app, tmp_path, smtp_server) -> dict:
    """The reflection lesson, two cities, two cohorts with a trainer each, two learners."""
    tree = TreeBuilder(tmp_path / "content")
    tree.write(REFLECT, SECOND_EDITION[REFLECT].replace("title:", "required: false\ntitle:", 1))
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_server.port,
        MAIL_SENDER="learning@uclg.example",
        BASE_URL="https://learn.example",
    )
    with app.app_context():
        assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
        montevideo = MemberCity(name="Montevideo", country="UY", region="latin-america")
        lyon = MemberCity(name="Lyon", country="FR", region="europe")
        db.session.add_all([montevideo, lyon])
        db.session.commit()
        trainer = accounts.register("lucia@example.org", "a long password", "Lucía", role="trainer")
        other = accounts.register("marc@example.org", "a long password", "Marc", role="trainer")
        attach(trainer, montevideo)  # admins attached each trainer to her city
        attach(other, lyon)
        a = cohorts.create(trainer, "Montevideo 2027", montevideo.id, "course:demo")
        b = cohorts.create(other, "Lyon 2027", lyon.id, "course:demo")
        ana = accounts.register("ana@example.org", "ana's password", "Ana", language="es")
        chloe = accounts.register("chloe@example.org", "chloe's password", "Chloé", language="fr")
        for user, city, cohort in ((ana, montevideo, a), (chloe, lyon, b)):
            db.session.get(User, user.id).city_id = city.id
            db.session.commit()
            cohorts.join(db.session.get(User, user.id), cohort.join_code)
        ids = {"a": a.id}
        db.session.remove()
    return ids


def sign_in(browser, live: str, email: str, password: str, lang: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{live}/login?lang={lang}")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(password)
    submit(browser, then="/")


def answer(browser, live: str, slug: str, text: str, *boxes: str) -> None:
    browser.get(f"{live}{LESSON}")
    browser.find_element(By.ID, f"answer-{slug}").send_keys(text)
    for box in boxes:
        browser.find_element(By.ID, f"{box}-{slug}").click()
    submit(browser, f"/reflections/{slug}", then=f"#reflection-{slug}")


def test_two_cities_exchange(live_app, browser, tmp_path, smtp_server):
    app, live = live_app
    ids = setup(app, tmp_path, smtp_server)
    shots = Path(os.environ.get("MOOC_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    # Ana, in Montevideo, reading in Spanish
    sign_in(browser, live, "ana@example.org", "ana's password", "es")
    answer(browser, live, "first-step", "Una oficina en la alcaldía", "share-cities")
    answer(browser, live, "second-step", "Llamaría a la defensoría", "share-cohort")
    assert "Guardar mi respuesta" in browser.page_source
    browser.save_screenshot(str(shots / "ana-lesson.png"))
    # Chloé, in Lyon, reading in French: nothing of Ana's until she shares her own
    sign_in(browser, live, "chloe@example.org", "chloe's password", "fr")
    browser.get(f"{live}{PROMPT}")
    assert "Una oficina" not in browser.page_source
    answer(browser, live, "first-step", "Un guichet à la mairie", "share-cities")
    answer(browser, live, "second-step", "J'appellerais le maire", "share-cohort")
    browser.get(f"{live}{PROMPT}")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Una oficina en la alcaldía" in main and "Montevideo" in main and "UY" in main
    browser.get(f"{live}/courses/demo/reflections/second-step")
    assert "Llamaría" not in browser.page_source  # another cohort's: never
    # she replies and reports across cities
    browser.get(f"{live}{PROMPT}")
    browser.find_element(By.XPATH, "//textarea[starts-with(@id, 'reply-cities-')]").send_keys(
        "Très bonne idée"
    )
    submit(browser, "/replies", then="/reflections/first-step")
    assert "Très bonne idée" in browser.page_source
    browser.find_element(By.XPATH, "//details/summary").click()
    browser.find_element(By.XPATH, "//input[starts-with(@id, 'reason-cities-')]").send_keys(
        "hors sujet"
    )
    submit(browser, "/report", then="/reflections/first-step")
    browser.set_window_size(390, 900)
    browser.save_screenshot(str(shots / "chloe-prompt-390.png"))
    # the reply reached Ana by mail, with a link built from MOOC_BASE_URL
    mails = smtp_server.to("ana@example.org")
    assert mails and "Chloé" in mails[0]["Subject"]
    assert "https://learn.example/courses/demo/reflections/first-step" in smtp_server.text(mails[0])
    with app.app_context():
        assert db.session.scalar(select(Report.reason)) == "hors sujet"
        db.session.remove()
    # Lucía, Ana's trainer, hides Ana's answer shared with her cohort
    sign_in(browser, live, "lucia@example.org", "a long password", "en")
    browser.get(f"{live}/cohorts/{ids['a']}/exchange/answers?prompt=second-step")
    assert "Llamaría a la defensoría" in browser.page_source
    submit(browser, "/hide", then="/reflections/second-step")
    with app.app_context():
        hidden = db.session.scalar(select(Answer).where(Answer.body.like("Llamaría%")))
        assert hidden.hidden_at is not None
        db.session.remove()
