"""Screenshots of the main pages at 1366×900 and 390×844 into docs/screenshots/ (`make
screenshots`): the shipped courses on a scratch SQLite database, the demo accounts of `make run`,
some progress, the app served on a free port, Debian's headless Chromium through Selenium."""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mooc import create_app  # noqa: E402
from mooc.extensions import db  # noqa: E402

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
PASSWORD = "demo password"


def prepare(app) -> dict:
    """Content, cities, demo accounts, and a learner halfway through the first module."""
    from sqlalchemy import select

    from mooc.accounts.models import User
    from mooc.cohorts.models import Cohort
    from mooc.courses import outlines
    from mooc.courses import services as learning

    runner = app.test_cli_runner()
    for args in (
        ["content", "sync"],
        ["cities", "import", str(ROOT / "data" / "member-cities.csv")],
        ["demo", "accounts"],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    with app.test_request_context():
        learner = db.session.scalar(select(User).where(User.role == "learner"))
        cohort = db.session.scalar(select(Cohort))
        course = cohort.course
        outline = outlines.course_outline(course.slug, "en")
        first = outline["modules"][0]
        lessons = [i for i in first.items if i.kind == "lesson"]
        for item in lessons[:2]:
            learning.complete_lesson(learner.id, course.slug, item.slug)
        quiz = next(i for i in first.items if i.kind == "quiz" and i.required)
        locked = outline["modules"][2].items[0]
        return {
            "course": course.slug,
            "lesson": lessons[2].url if len(lessons) > 2 else lessons[0].url,
            "quiz": quiz.url,
            "locked": locked.url,
            "join": f"/join/{cohort.join_code}",
            "quiz_id": quiz.id,
            "learner_id": learner.id,
        }


def use_every_attempt(app, urls: dict) -> None:
    """The learner fails the quiz until no attempt is left (her trainer's page lists her)."""
    from mooc.courses.models import Lesson
    from mooc.quizzes import services
    from mooc.quizzes.errors import QuizError

    with app.app_context():
        lesson = db.session.get(Lesson, urls["quiz_id"])
        try:
            for _n in range(20):
                services.submit(urls["learner_id"], lesson, {})
        except QuizError:
            pass
        db.session.remove()


def sign_in(browser, base: str, email: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{base}/login")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.XPATH, "//main//form//button[@type='submit']").click()


def shoot(browser, out: Path, name: str) -> None:
    for size, (width, height) in SIZES.items():
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": size == "phone"},
        )
        browser.execute_script("window.scrollTo(0, 0)")
        browser.save_screenshot(str(out / f"{name}-{size}.png"))


def main() -> None:
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{tmp}/shots.sqlite3",
                "SECRET_KEY": "screenshots",
                "RATELIMIT_ENABLED": False,
                "JOBS_URL": "memory://",
                "JOBS_IMMEDIATE": True,
                "DEVELOPMENT": True,
                "CERTIFICATES_DIR": f"{tmp}/certificates",
            }
        )
        with app.app_context():
            db.create_all()
            urls = prepare(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            f"--user-data-dir={tmp}/profile",
        ):
            options.add_argument(flag)
        browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            browser.get(f"{base}/")
            shoot(browser, out, "catalogue")
            browser.get(f"{base}{urls['join']}")
            shoot(browser, out, "join")
            sign_in(browser, base, "learner@demo.example.org")
            browser.get(f"{base}/learning")
            shoot(browser, out, "my-learning")
            browser.get(f"{base}/courses/{urls['course']}/")
            shoot(browser, out, "course")
            browser.get(f"{base}{urls['lesson']}")
            shoot(browser, out, "lesson")
            browser.get(f"{base}{urls['quiz']}")
            shoot(browser, out, "quiz")
            browser.find_element(By.XPATH, "//form[contains(@action, '/attempts')]//button").click()
            shoot(browser, out, "quiz-unanswered")
            browser.find_element(By.XPATH, "//button[@name='confirm']").click()
            shoot(browser, out, "quiz-result")
            browser.get(f"{base}{urls['locked']}")
            shoot(browser, out, "locked")
            use_every_attempt(app, urls)
            sign_in(browser, base, "trainer@demo.example.org")
            browser.get(f"{base}/quizzes/attempts")
            shoot(browser, out, "extra-attempts")
        finally:
            browser.quit()
            server.shutdown()
    print(f"Screenshots written to {out.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
