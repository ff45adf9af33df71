"""Browser fixtures: the app served on a free port, and Debian's headless Chromium."""

from __future__ import annotations

import re
import threading
from urllib.parse import urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

from mooc import create_app
from mooc.extensions import db
from tests.browser.helpers import AXE, violations_at_both_widths
from tests.scratch import scratch_database
from tests.trees import TreeBuilder


@pytest.fixture
def live_app(tmp_path):
    """(app, base URL): the app on a free local port, on its own database, with the baseline
    course."""
    with scratch_database(tmp_path, "browser") as url:
        yield from serve(url, tmp_path)


def serve(url: str, tmp_path):
    """Serve the app on `url` with the baseline course until the test ends."""
    content = tmp_path / "content"
    TreeBuilder(content).baseline()
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "browser",
            "CONTENT_DIR": str(content),
            "DEVELOPMENT": True,
            "RATELIMIT_ENABLED": False,
            "JOBS_URL": "memory://",
            "JOBS_IMMEDIATE": True,  # mail and reports run in the server, at once
        }
    )
    with app.app_context():
        db.create_all()
    assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def live_server(live_app) -> str:
    """The base URL of the served app."""
    return live_app[1]


class AuditedChrome(webdriver.Chrome):
    """Chromium that runs axe-core, at desktop and phone width, on every HTML page a story
    opens (`get`) or reaches by submitting a form (`helpers.submit`): each kind of page once per
    story (ids and codes in the path do not make a new kind). The violations fail the story
    when it ends, all of them listed."""

    ID = re.compile(r"/(?:\d+|[A-Z0-9]{12,}|[A-Za-z0-9_-]{24,})(?=/|$)")

    def get(self, url: str) -> None:
        super().get(url)
        self.audit()

    def audit(self) -> None:
        if self.execute_script("return document.contentType") != "text/html":
            return  # a PDF, a JSON document, a download
        url = urlsplit(self.current_url)
        lang = self.execute_script("return document.documentElement.lang")
        kind = (self.ID.sub("/N", url.path), lang)
        if kind in self.audited:
            return
        self.audited.add(kind)
        self.violations.update(violations_at_both_widths(self))


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium from Debian's packages (installed by `make test`)."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "plugins.always_open_pdf_externally": True,  # save PDFs instead of showing them
        },
    )
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make axe` (npm ci in tests/browser/axe)")
    driver = AuditedChrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(5)
    driver.downloads = downloads
    driver.audited, driver.violations = set(), {}
    try:
        yield driver
        if driver.current_url.startswith("http"):
            driver.audit()  # the page the story ended on
    finally:
        found, _ = driver.violations, driver.quit()
    assert found == {}, "axe-core violations:\n" + "\n".join(f"{k}: {v}" for k, v in found.items())
