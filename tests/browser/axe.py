"""axe-core (the npm package in tests/browser/axe, installed by `make axe`) injected into the
page through Selenium: the accessibility rules a story's pages must pass."""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(browser) -> list[dict]:
    """The violations axe-core finds on the page shown (WCAG 2.1 A and AA, and best practice)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make axe` (npm ci in tests/browser/axe)")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))"
        ".catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));"
    )
    return found


def assert_accessible(browser, where: str = "") -> None:
    """No axe-core violation on the page shown."""
    violations = axe_violations(browser)
    assert not violations, (where or browser.current_url, violations)
