"""Launch day: simulated learners register, enrol, read the first module's lessons (marking each
as done), submit its quiz and ask for the certificate, for a bounded time; per step requests/s,
p50/p95 and errors, next to the floor driven by the same clients.

Ours and the floor (`bench.pages.floor_app`) are served by gunicorn with 2 sync workers on the
same database (SQLite under a temporary folder, or PostgreSQL when `MOOC_BENCH_DATABASE_URL` is
set) with the shipped courses. LEARNERS threads each play one learner after another for
SECONDS; then the same threads ask the floor for as long. An error is a failed connection or a
status the step does not expect (a 5xx, a 4xx, a refused CSRF token). Only 127.0.0.1; about one
minute and a half in all.
"""

from __future__ import annotations

import http.client
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from urllib.parse import urlencode

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

LEARNERS = 16
SECONDS = int(os.environ.get("MOOC_BENCH_LAUNCH_SECONDS", "30"))
STEPS = ("register", "course page", "enrol", "lesson page", "mark done", "quiz page")
STEPS += ("quiz submission", "certificate request")
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
QUESTION = re.compile(r'<input type="(radio|checkbox|text)"[^>]*name="(q-[^"]+)"')
PASSWORD = "launch day password"


def prepare(scratch: str, url: str) -> dict:
    """Shipped content and member cities; the first course's first module."""
    from sqlalchemy import select

    from mooc import create_app
    from mooc.courses.models import Course, Lesson, Module
    from mooc.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url})
    runner = app.test_cli_runner()
    with app.app_context():
        db.drop_all()
        db.create_all()
        assert runner.invoke(args=["content", "sync"]).exit_code == 0
        assert runner.invoke(args=["cities", "import", "data/member-cities.csv"]).exit_code == 0
        course = db.session.scalars(select(Course).order_by(Course.position, Course.id)).first()
        module = db.session.scalars(
            select(Module).where(Module.course_id == course.id).order_by(Module.position)
        ).first()
        items = db.session.scalars(
            select(Lesson)
            .where(Lesson.module_id == module.id, Lesson.archived_at.is_(None))
            .order_by(Lesson.position)
        ).all()
        found = {
            "course": course.slug,
            "lessons": [x.slug for x in items if x.kind == "lesson"],
            "quiz": next((x.slug for x in items if x.kind == "quiz"), None),
        }
        db.session.remove()
        db.engine.dispose()
    return found


class Learner:
    """One simulated learner's browser: a cookie, the page's CSRF token, timings per step."""

    def __init__(self, port: int, timings: dict, errors: dict, number: int) -> None:
        self.port, self.timings, self.errors = port, timings, errors
        self.cookie = ""
        self.token = ""
        self.number = number

    def ask(self, step: str, method: str, path: str, form: dict | None = None, ok=(200,)):
        """One request; its time and outcome under `step`; the page's text."""
        headers = {"User-Agent": "launch-day bench"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urlencode({**form, "csrf_token": self.token}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            conn.close()
        except OSError:
            self.errors[step] += 1
            return ""
        self.timings[step].append((time.perf_counter() - started) * 1000)
        if response.status not in ok:
            self.errors[step] += 1
        cookie = response.getheader("Set-Cookie")
        if cookie and cookie.startswith("session="):
            self.cookie = cookie.split(";")[0]
        token = TOKEN.search(text)
        if token:
            self.token = token.group(1)
        return text

    def day(self, found: dict, run: str, deadline: float) -> None:
        """Register, enrol, read, submit the quiz, ask for the certificate."""
        course = found["course"]
        self.ask("register", "GET", "/register")
        email = f"launch-{run}-{self.number}@bench.example.org"
        form = {"email": email, "password": PASSWORD, "display_name": f"Learner {self.number}"}
        self.ask("register", "POST", "/register", form, ok=(302,))
        self.ask("course page", "GET", f"/courses/{course}/")
        self.ask("enrol", "POST", f"/courses/{course}/enrol", {}, ok=(302,))
        for lesson in found["lessons"]:
            if time.monotonic() > deadline:
                return
            self.ask("lesson page", "GET", f"/courses/{course}/lessons/{lesson}")
            self.ask("mark done", "POST", f"/courses/{course}/lessons/{lesson}/done", {}, (302,))
        if found["quiz"]:
            page = self.ask("quiz page", "GET", f"/courses/{course}/quizzes/{found['quiz']}")
            answers = {
                name: "0" if kind != "text" else "x" for kind, name in QUESTION.findall(page)
            }
            path = f"/courses/{course}/quizzes/{found['quiz']}/attempts"
            self.ask("quiz submission", "POST", path, answers, ok=(302,))
        self.ask("certificate request", "POST", f"/courses/{course}/certificate", {}, ok=(302,))


def drive(port: int, work, seconds: float) -> tuple[dict, dict, float]:
    """LEARNERS threads running `work(learner, deadline)` until `seconds` have passed."""
    timings = {step: [] for step in (*STEPS, "floor")}
    errors = dict.fromkeys(timings, 0)
    deadline = time.monotonic() + seconds
    counter = iter(range(10**9))
    lock = threading.Lock()

    def loop() -> None:
        while time.monotonic() < deadline:
            with lock:
                number = next(counter)
            work(Learner(port, timings, errors, number), deadline)

    started = time.monotonic()
    threads = [threading.Thread(target=loop) for _n in range(LEARNERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors, time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    """The `share` percentile of `values` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run() -> list[dict]:
    """The scenario against ours, then the floor with the same clients; the table's rows."""
    from bench.pages import serve

    with tempfile.TemporaryDirectory() as scratch:
        url = os.environ.get("MOOC_BENCH_DATABASE_URL") or f"sqlite:///{scratch}/launch.sqlite3"
        found = prepare(scratch, url)
        env = {
            **os.environ,
            "MOOC_DATABASE_URL": url,
            "MOOC_SECRET_KEY": "bench",
            "MOOC_DEVELOPMENT": "1",
            "MOOC_BASE_URL": "http://127.0.0.1",
            "MOOC_CERTIFICATES_DIR": os.path.join(scratch, "certificates"),
            "MOOC_RATELIMIT_ENABLED": "false",
            "MOOC_JOBS_IMMEDIATE": "1",
        }
        ours, ours_port = serve("wsgi:app", env)
        floor, floor_port = serve("bench.pages:floor_app()", env)
        run_id = str(int(time.time()))
        try:
            timings, errors, elapsed = drive(
                ours_port, lambda learner, deadline: learner.day(found, run_id, deadline), SECONDS
            )
            floor_timings, floor_errors, floor_elapsed = drive(
                floor_port,
                lambda learner, _deadline: learner.ask("floor", "GET", "/floor/1"),
                SECONDS / 3,
            )
        finally:
            for server in (ours, floor):
                server.terminate()
                server.wait()
    return table(timings, errors, elapsed, floor_timings["floor"], floor_elapsed)


def table(timings: dict, errors: dict, elapsed: float, floor: list, floor_elapsed: float):
    """One row per step: its requests/s against the floor's, p50/p95 and errors."""
    database = "PostgreSQL" if os.environ.get("MOOC_BENCH_DATABASE_URL") else "SQLite"
    floor_rate = len(floor) / floor_elapsed if floor_elapsed else 0.0
    floor_p95 = percentile(floor, 0.95)
    total = sum(len(timings[step]) for step in STEPS)
    rows = []
    for step in (*STEPS, "all steps"):
        found = timings[step] if step in timings else [t for s in STEPS for t in timings[s]]
        wrong = errors[step] if step in errors else sum(errors[s] for s in STEPS)
        rate = len(found) / elapsed if elapsed else 0.0
        p50 = statistics.median(found) if found else 0.0
        rows.append(
            {
                "path": f"launch day, {step}: p95",
                "ours": round(percentile(found, 0.95), 1),
                "floor": round(floor_p95, 1),
                "unit": "ms",
                "ratio": round(percentile(found, 0.95) / floor_p95, 2) if floor_p95 else 0.0,
                "target": None,
                "target_text": "0 errors",
                "meets": wrong == 0 and bool(found),
                "note": (
                    f"{len(found)} requests, {rate:.1f} req/s (all steps {total / elapsed:.1f}, "
                    f"floor {floor_rate:.1f} req/s with the same {LEARNERS} clients), "
                    f"p50 {p50:.0f} ms, {wrong} errors, {database}"
                ),
            }
        )
    return rows


if __name__ == "__main__":
    from bench.run import print_table

    rows = run()
    print_table(rows)
    for row in rows:
        print(f"{row['path']}: {row['note']}")
