"""What learners do most, read pages, and the trainer's dashboard, against a floor served by the
same gunicorn: requests/s, p50/p95/p99, errors and worker memory, in one run.

Ours and the floor are each served by gunicorn with 2 sync workers on the same database (SQLite
under a temporary folder, or PostgreSQL when `MOOC_BENCH_DATABASE_URL` is set) filled with the
shipped courses and demo cohorts of 2,000 and 10,000 learners. The floor is a minimal Flask app
doing one indexed SELECT and rendering a tiny Jinja template. `wrk` (16 connections) loads each
page for a few seconds, ours and the floor taking turns, three rounds; the table gives medians.
Only 127.0.0.1; about seven minutes in all (seeding 12,000 learners included). Responses are
measured uncompressed: compression is the reverse proxy's (docs/operations.md).

`python bench/pages.py course lesson` (or `MOOC_BENCH_PAGES=course,lesson`) runs only the pages
whose names contain one of the words given; the 10,000-learner cohort is seeded only when a
dashboard row is asked for.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from urllib.parse import urlencode

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

CONNECTIONS = 16
SECONDS = 4
ROUNDS = 3
COHORTS = (2000, 10000)
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) bench"
LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk_report.lua")
PAGE_TARGET = 0.5  # learner pages: at least half the floor's requests/s
DASHBOARD_P95_MS = 300
RSS_TARGET = 2.0


def wanted(name: str) -> bool:
    """Whether the page named `name` is one of those asked for (all by default)."""
    words = [w for w in os.environ.get("MOOC_BENCH_PAGES", "").split(",") if w.strip()]
    return not words or any(w.strip().lower() in name.lower() for w in words)


def floor_app():
    """The floor: one indexed SELECT and a tiny Jinja template."""
    from flask import Flask, render_template_string
    from sqlalchemy import create_engine, text

    app = Flask("floor")
    engine = create_engine(os.environ["MOOC_DATABASE_URL"])
    query = text("SELECT id, display_name FROM users WHERE id = :id")

    @app.get("/floor/<int:user_id>")
    def floor(user_id: int):
        with engine.connect() as conn:
            row = conn.execute(query, {"id": user_id}).first()
        return render_template_string(
            "<!doctype html><title>{{ name }}</title><p>Hello {{ name }}</p>",
            name=row.display_name if row else "nobody",
        )

    return app


def prepare(scratch: str, url: str) -> dict:
    """Shipped content, member cities, demo cohorts and one certificate; what the pages need."""
    from sqlalchemy import select

    from mooc import create_app
    from mooc.accounts.models import User
    from mooc.certificates import services as certificates
    from mooc.cohorts.demo import seed
    from mooc.courses.models import Lesson
    from mooc.extensions import db

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "CERTIFICATES_DIR": os.path.join(scratch, "certificates"),
        }
    )
    runner = app.test_cli_runner()
    with app.app_context():
        db.drop_all()
        db.create_all()
        assert runner.invoke(args=["content", "sync"]).exit_code == 0
        assert runner.invoke(args=["cities", "import", "data/member-cities.csv"]).exit_code == 0
        sizes = [COHORTS[0]] + [s for s in COHORTS[1:] if wanted(f"dashboard, cohort of {s:,}")]
        cohorts = {size: seed(size, seed_value=size).id for size in sizes}
        learner = db.session.scalar(select(User).where(User.email.like("demo%")).order_by(User.id))
        lessons = db.session.scalars(select(Lesson).order_by(Lesson.position)).all()
        first_module = min(lesson.module_id for lesson in lessons)
        lesson = next(x for x in lessons if x.module_id == first_module and x.kind == "lesson")
        quiz = next(x for x in lessons if x.module_id == first_module and x.kind == "quiz")
        course = lesson.course.slug
        # A certificate to verify (its eligibility is not the point here).
        data = certificates.plan(
            learner,
            "en",
            kind="course",
            course="Human Rights Cities",
            course_id=lesson.course_id,
            hours=8,
        )
        from mooc.certificates import pdf

        certificate = certificates.record(learner, data, pdf.render_pdf(data))
        found = {
            "course": course,
            "lesson": lesson.slug,
            "quiz": quiz.slug,
            "cohorts": cohorts,
            "code": certificate.code,
            "learner": learner.email,
            "learner_id": learner.id,
        }
        db.session.remove()
        analyze(db.engine)
        db.engine.dispose()
    return found


def analyze(engine) -> None:
    """Statistics and visibility maps as autovacuum keeps them on a database in use (the seed
    has just written every table: without them the planner guesses one row per table)."""
    from sqlalchemy import text

    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))


def sign_in(port: int, email: str, password: str) -> str:
    """Sign in through the login form; the session cookie."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login", headers={"User-Agent": USER_AGENT})
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    body = {"email": email, "password": password}
    if token:
        body["csrf_token"] = token.group(1)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "POST",
        "/login",
        body=urlencode(body),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "User-Agent": USER_AGENT,
        },
    )
    response = conn.getresponse()
    response.read()
    assert response.status == 302, response.status
    return response.getheader("Set-Cookie").split(";")[0]


def api_token(port: int, email: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"email": email, "password": password, "name": "bench"})
    conn.request("POST", "/api/v1/tokens", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    return json.loads(response.read())["token"]


def settle(port: int, path: str) -> None:
    """Wait until the server has worked through the requests a run left queued (a slow page
    leaves a backlog that the next run would otherwise wait behind)."""
    import time

    fast = 0
    deadline = time.monotonic() + 300
    while fast < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path)
            conn.getresponse().read()
        except OSError:  # still busy with the backlog (a timeout is an OSError)
            fast = 0
            continue
        fast = fast + 1 if time.monotonic() - started < 0.05 else 0


def load(port: int, path: str, headers: dict[str, str], idle: str = "/static/style.css") -> dict:
    """One wrk run: requests/s, latency percentiles (ms), errors; then let the server settle."""
    command = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{SECONDS}s", "-s", LUA]
    command += ["--timeout", "30s"]
    for name, value in {"User-Agent": USER_AGENT, **headers}.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    settle(port, idle)
    return json.loads(output[output.index("{") :])


def warm(port: int, path: str, headers: dict[str, str]) -> None:
    """A few requests one after the other, so that each worker has built what it keeps."""
    for _n in range(4):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        conn.request("GET", path, headers={"User-Agent": USER_AGENT, **headers})
        response = conn.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)


def worker_rss_mb(master: int) -> float:
    """The resident memory of a gunicorn master's workers (the largest)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            if parent != master:
                continue
            with open(f"/proc/{pid}/status") as handle:
                rss = re.search(r"VmRSS:\s+(\d+)", handle.read())
            found.append(int(rss.group(1)) / 1024)
        except (OSError, AttributeError):
            continue
    return max(found) if found else 0.0


def serve(target: str, env: dict[str, str]):
    """gunicorn with 2 sync workers."""
    from bench.progress import free_port

    port = free_port()
    process = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            target,
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/static/style.css" if "wsgi" in target else "/floor/1")
            conn.getresponse().read()
            return process, port
        except OSError:
            import time

            time.sleep(0.1)
    raise RuntimeError(f"{target} did not start")


def run() -> list[dict]:
    """Every page against the floor; the bench table rows."""
    if shutil.which("wrk") is None:
        print("bench/pages.py: wrk is not installed (make bench installs it)", file=sys.stderr)
        return []
    from mooc.cohorts.demo import DEMO_PASSWORD

    with tempfile.TemporaryDirectory() as scratch:
        url = os.environ.get("MOOC_BENCH_DATABASE_URL") or f"sqlite:///{scratch}/pages.sqlite3"
        found = prepare(scratch, url)
        env = {
            **os.environ,
            "MOOC_DATABASE_URL": url,
            "MOOC_SECRET_KEY": "bench",
            "MOOC_DEVELOPMENT": "1",
            "MOOC_BASE_URL": "http://127.0.0.1",
            "MOOC_CERTIFICATES_DIR": os.path.join(scratch, "certificates"),
            "MOOC_RATELIMIT_ENABLED": "false",
        }
        ours, ours_port = serve("wsgi:app", env)
        floor, floor_port = serve("bench.pages:floor_app()", env)
        try:
            learner = {"Cookie": sign_in(ours_port, found["learner"], DEMO_PASSWORD)}
            trainer = {"Cookie": sign_in(ours_port, "trainer@demo.example.org", DEMO_PASSWORD)}
            bearer = {
                "Authorization": "Bearer " + api_token(ours_port, found["learner"], DEMO_PASSWORD)
            }
            course, lesson, quiz = found["course"], found["lesson"], found["quiz"]
            pages = [
                ("course page (signed in)", f"/courses/{course}/", learner),
                ("lesson page", f"/courses/{course}/lessons/{lesson}", learner),
                ("quiz page", f"/courses/{course}/quizzes/{quiz}", learner),
                ("catalogue (anonymous)", "/", {}),
                ("verify page", f"/verify/{found['code']}", {}),
                ("API lesson", f"/api/v1/courses/{course}/lessons/{lesson}", bearer),
            ]
            pages += [
                (f"trainer dashboard, cohort of {size:,}", f"/cohorts/{cohort}", trainer)
                for size, cohort in found["cohorts"].items()
            ]
            pages = [(name, path, headers) for name, path, headers in pages if wanted(name)]
            results = {name: {"ours": [], "floor": []} for name, _p, _h in pages}
            for _name, path, headers in pages:
                warm(ours_port, path, headers)  # outlines, templates, caches
            load(floor_port, f"/floor/{found['learner_id']}", {}, f"/floor/{found['learner_id']}")
            for _round in range(ROUNDS):
                for name, path, headers in pages:
                    results[name]["ours"].append(load(ours_port, path, headers))
                    floor_path = f"/floor/{found['learner_id']}"
                    results[name]["floor"].append(load(floor_port, floor_path, {}, floor_path))
            rss = (worker_rss_mb(ours.pid), worker_rss_mb(floor.pid))
        finally:
            for server in (ours, floor):
                server.terminate()
                server.wait()
    return table(results, rss)


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def table(results: dict, rss: tuple[float, float]) -> list[dict]:
    rows = []
    database = "PostgreSQL" if os.environ.get("MOOC_BENCH_DATABASE_URL") else "SQLite"
    for name, runs in results.items():
        ours, floor = runs["ours"], runs["floor"]
        rate, floor_rate = median(ours, "rps"), median(floor, "rps")
        errors = sum(run["errors"] for run in ours)
        note = (
            f"p50/p95/p99 {median(ours, 'p50'):.0f}/{median(ours, 'p95'):.0f}/"
            f"{median(ours, 'p99'):.0f} ms (floor {median(floor, 'p50'):.0f}/"
            f"{median(floor, 'p95'):.0f}/{median(floor, 'p99'):.0f}), {errors} errors, {database}"
        )
        if name.startswith("trainer dashboard"):
            p95 = median(ours, "p95")
            if median(ours, "requests") == 0:  # none answered within the run: p95 > SECONDS
                p95 = SECONDS * 1000.0
                note += f", no request answered within {SECONDS} s (p95 shown as {SECONDS} s)"
            rows.append(
                {
                    "path": f"{name}: p95",
                    "ours": round(p95, 1),
                    "floor": round(median(floor, "p95"), 1),
                    "unit": "ms",
                    "ratio": round(p95 / DASHBOARD_P95_MS, 3),
                    "target": None,
                    "target_text": f"p95 ≤ {DASHBOARD_P95_MS} ms",
                    "meets": p95 <= DASHBOARD_P95_MS and errors == 0 and rate > 0,
                    "note": note + f", {rate:.0f} req/s",
                }
            )
            continue
        ratio = rate / floor_rate if floor_rate else 0.0
        rows.append(
            {
                "path": f"{name}, req/s",
                "ours": round(rate, 1),
                "floor": round(floor_rate, 1),
                "unit": "req/s",
                "ratio": round(ratio, 3),
                "target": PAGE_TARGET,
                "meets": ratio >= PAGE_TARGET and errors == 0,
                "note": note,
            }
        )
    ours_rss, floor_rss = rss
    rows.append(
        {
            "path": "worker RSS after the page runs",
            "ours": round(ours_rss, 1),
            "floor": round(floor_rss, 1),
            "unit": "MiB",
            "ratio": round(ours_rss / floor_rss, 3) if floor_rss else 0.0,
            "target": RSS_TARGET,
            "meets": floor_rss > 0 and ours_rss / floor_rss <= RSS_TARGET,
            "note": "largest gunicorn worker of each server",
        }
    )
    rows.append(
        {
            "path": "compression",
            "ours": "by the proxy",
            "floor": "none",
            "unit": "",
            "ratio": "n/a ",
            "target": None,
            "meets": None,
            "note": (
                "responses are measured uncompressed; gzip/brotli is the reverse proxy's "
                "(docs/operations.md, 'Reads: caching, validators and compression')"
            ),
        }
    )
    return rows


if __name__ == "__main__":
    from bench.run import print_table

    if sys.argv[1:]:
        os.environ["MOOC_BENCH_PAGES"] = ",".join(sys.argv[1:])
    rows = run()
    print_table(rows)
    for row in rows:
        print(f"{row['path']}: {row['note']}")
