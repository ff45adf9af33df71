"""Browser helpers shared by the stories."""

from __future__ import annotations

from pathlib import Path

import pytest
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
        audit = getattr(browser, "audit", None)
        if audit is not None:  # the stories' browser checks every page it is shown
            audit()


def pass_the_demo_quiz(browser, live_server: str) -> None:
    """Answer every question of the demo course's quiz right, and submit."""
    browser.get(f"{live_server}/courses/demo/quizzes/check")
    browser.find_element(By.XPATH, "//input[@name='q-adopted-by'][@value='1']").click()
    browser.find_element(By.XPATH, "//input[@name='q-charters'][@value='0']").click()
    browser.find_element(By.XPATH, "//input[@name='q-charters'][@value='1']").click()
    browser.find_element(By.ID, "q-forum-city").send_keys("Gwangju")
    submit(browser, "/attempts", then="/attempts/1")


AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PHONE, DESKTOP = (390, 844), (1366, 900)


def at_size(browser, size: tuple[int, int]) -> None:
    """The viewport at exactly `size` (CSS pixels), as a phone or a desktop screen."""
    width, height = size
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def axe_violations(browser) -> list[str]:
    """Run axe-core (the npm package, `make axe`) on the page shown: its violations, one line
    each (rule, impact, the first offending nodes)."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `make axe`")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(30)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe-error', impact: String(e), nodes: []}]));"
    )
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}" for v in result]


def violations_at_both_widths(browser) -> dict[str, list[str]]:
    """axe-core's violations on the page shown at desktop and phone width, by URL and width;
    the viewport is put back as it was."""
    shown = tuple(browser.execute_script("return [window.innerWidth, window.innerHeight]"))
    found = {}
    for size in (DESKTOP, PHONE):
        at_size(browser, size)
        problems = axe_violations(browser)
        if problems:
            found[f"{browser.current_url} at {size[0]}px"] = problems
    if shown in (DESKTOP, PHONE):
        at_size(browser, shown)
    else:  # the window's own size, as the story had it
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return found


def assert_accessible(browser) -> None:
    """axe-core finds no violation on the page shown, at phone and desktop width."""
    found = violations_at_both_widths(browser)
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
