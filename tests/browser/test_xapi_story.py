"""The admin's outbox page in a real browser, at phone width and in French: the LRS is down, the
page says what waits and why; the LRS comes back, "Send now" empties the outbox. axe-core finds
no violation on the page, in either state."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from mooc.accounts import services as accounts
from mooc.extensions import db
from tests.browser.helpers import PHONE, assert_accessible, at_size, submit
from tests.xapi import lrs as peer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(peer.missing() is not None, reason=peer.missing() or ""),
]


def fits(browser) -> bool:
    return browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"
    )


def test_the_admin_sees_the_outbox_wait_for_the_lrs_then_sends(live_app, browser, tmp_path):
    app, live = live_app
    auth = peer.AuthPeer()
    lrs = peer.Lrs(tmp_path / "lrs", auth)
    lrs.folder.mkdir()
    app.config.update(LRS_URL=lrs.url, LRS_KEY=peer.KEY, LRS_SECRET=peer.SECRET, XAPI_TIMEOUT=3)
    try:
        with app.app_context():  # the LRS is not started yet: these wait in the outbox
            accounts.register(
                "admin@example.org", "a long password", "Admin", role="admin", language="fr"
            )
            accounts.register("ana@example.org", "another password", "Ana", language="es")
            db.session.remove()
        browser.set_window_size(390, 844)
        browser.get(f"{live}/login?lang=fr")
        browser.find_element(By.ID, "email").send_keys("admin@example.org")
        browser.find_element(By.ID, "password").send_keys("a long password")
        submit(browser, then="/learning")  # signed in before the next page is asked for
        browser.get(f"{live}/admin/xapi")
        main = browser.find_element(By.TAG_NAME, "main").text
        assert "Traces d'apprentissage (xAPI)" in main
        assert browser.find_element(By.ID, "xapi-pending").text == "2"
        assert browser.find_element(By.ID, "xapi-failing").text == "1"  # tried once, then waits
        assert "Dernière erreur" in main and "refused" in main.lower()
        assert fits(browser)
        browser.save_screenshot(str(tmp_path / "outbox-down.png"))
        assert_accessible(browser)  # axe-core, at desktop and phone width
        at_size(browser, PHONE)

        lrs.start()
        submit(browser, "/admin/xapi/send", then="/admin/xapi")
        assert browser.find_element(By.ID, "xapi-sent").text == "2"
        assert browser.find_element(By.ID, "xapi-pending").text == "0"
        assert fits(browser)
        browser.save_screenshot(str(tmp_path / "outbox-sent.png"))
        assert_accessible(browser)
        statements = lrs.statements_of(
            {"objectType": "Agent", "account": {"homePage": "http://localhost/", "name": "2"}}
        )
        assert [s["verb"]["id"].rsplit("/", 1)[1] for s in statements] == ["registered"]
    finally:
        lrs.stop()
        auth.close()
