"""The exchange's pages pass axe-core (WCAG 2.1 A and AA, and best practice) at phone and desktop
width: a prompt with shared answers and replies, the workbook, a module discussion with replies,
the moderation queue and the notifications list."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from mooc.accounts import services as accounts
from mooc.accounts.models import User
from mooc.cities.models import MemberCity
from mooc.cohorts import services as cohorts
from mooc.courses.models import ReflectionPrompt
from mooc.exchange import services
from mooc.extensions import db
from tests.browser.helpers import assert_accessible, submit
from tests.cohorts.helpers import attach
from tests.exchange.helpers import course
from tests.trees import REFLECT, SECOND_EDITION, TreeBuilder

pytestmark = pytest.mark.slow
PASSWORD = "a long password"


def setup(app, tmp_path) -> dict:
    """A cohort in Montevideo with its trainer; Ana and Bea share answers, reply, discuss and
    report; Ana has notifications."""
    tree = TreeBuilder(tmp_path / "content")
    tree.write(REFLECT, SECOND_EDITION[REFLECT].replace("title:", "required: false\ntitle:", 1))
    with app.app_context():
        assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
        city = MemberCity(name="Montevideo", country="UY", region="latin-america")
        db.session.add(city)
        db.session.commit()
        trainer = accounts.register("lucia@example.org", PASSWORD, "Lucía", role="trainer")
        attach(trainer, city)
        cohort = cohorts.create(trainer, "Montevideo 2027", city.id, "course:demo")
        ana = accounts.register("ana@example.org", PASSWORD, "Ana", language="es")
        bea = accounts.register("bea@example.org", PASSWORD, "Bea")
        for user in (ana, bea):
            db.session.get(User, user.id).city_id = city.id
            db.session.commit()
            cohorts.join(db.session.get(User, user.id), cohort.join_code)
        ana, bea = db.session.get(User, ana.id), db.session.get(User, bea.id)
        first = db.session.query(ReflectionPrompt).filter_by(slug="first-step").one()
        mine = services.save_answer(
            ana, course(), first, "Una **oficina** en la alcaldía", "es", share_cohort=True
        )
        hers = services.save_answer(
            bea, course(), first, "A desk at city hall", "en", share_cohort=True
        )
        services.reply(bea, mine, cohort.id, "Good idea", "en")
        services.reply(ana, hers, cohort.id, "¡Gracias!", "es")
        services.toggle_useful(bea, mine)
        discussion = services.start_discussion(
            trainer, cohort, first.module_id, "Your first desk", "Tell us *how*", first.id
        )
        thread = services.post(ana, discussion, "Our desk opens in May", "es")
        services.post(bea, discussion, "Who staffs it?", "en", parent=thread)
        services.post(trainer, discussion, "Volunteers, often", "en", parent=thread)
        services.set_flag(thread, trainer, "pinned", True)
        services.report(bea, "off topic", cohort.id, answer=mine)
        ids = {"cohort": cohort.id, "discussion": discussion.id}
        db.session.remove()
    return ids


def sign_in(browser, live: str, email: str, lang: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{live}/login?lang={lang}")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(browser, then="/")


def test_the_exchange_pages_pass_axe(live_app, browser, tmp_path):
    app, live = live_app
    ids = setup(app, tmp_path)
    sign_in(browser, live, "ana@example.org", "es")
    pages = {
        "prompt with shared answers": "/courses/demo/reflections/first-step",
        "workbook": "/courses/demo/workbook",
        "discussion with replies": f"/discussions/{ids['discussion']}",
        "notifications": "/notifications",
        "settings": "/exchange/settings",
        "lesson with answer forms": "/courses/demo/lessons/reflect",
    }
    for name, path in pages.items():
        browser.get(live + path)
        assert "Ana" in browser.page_source, name
        assert_accessible(browser)
    sign_in(browser, live, "lucia@example.org", "en")
    for path in (
        f"/cohorts/{ids['cohort']}/exchange/reports",
        f"/cohorts/{ids['cohort']}/exchange",
        f"/cohorts/{ids['cohort']}/exchange/answers?prompt=first-step",
        f"/discussions/{ids['discussion']}",
    ):
        browser.get(live + path)
        assert "Not found" not in browser.page_source, path
        assert_accessible(browser)
    browser.get(live + f"/cohorts/{ids['cohort']}/exchange/reports")
    assert "off topic" in browser.page_source
