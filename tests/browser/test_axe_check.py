"""The accessibility check itself finds a violation when there is one."""

from __future__ import annotations

import pytest

from tests.browser.helpers import axe_violations

pytestmark = pytest.mark.slow


def test_axe_finds_an_image_without_alt_text(browser):
    browser.get("data:text/html,<html lang=en><title>x</title><main><img src=x.png></main></html>")
    assert any(v.startswith("image-alt") for v in axe_violations(browser))
