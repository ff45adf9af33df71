"""The trainer's dashboard at 2,000 and 10,000 learners, and the cohort PDF report's time.

The dashboard (its first page, and a filtered, searched, sorted page) is requested through the
test client, one request at a time, taking turns with a floor in the same process: a route
doing one indexed SELECT and rendering a tiny Jinja template. The figure is the p95 of the
service time (no queueing: `bench/pages.py` measures the same page under 16 connections). The
dashboard must not grow with the cohort, so the 10,000 row's ratio to the 2,000 row is printed
too. The PDF report of a 300-learner cohort is timed against WeasyPrint rendering the same
learner rows as a bare table (the floor). SQLite under a temporary folder, or PostgreSQL when
`MOOC_BENCH_DATABASE_URL` is set (a scratch database is created beside it and dropped)."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

COHORTS = (2000, 10000)
PDF_LEARNERS = 300
REQUESTS = int(os.environ.get("BENCH_DASHBOARD_REQUESTS", "40"))
P95_TARGET_MS = 300
FILTERED = "?show=in-progress&q=learner&sort=activity&order=desc&page=2"


def scratch_url(work: str):
    """(database URL, cleanup): PostgreSQL when MOOC_BENCH_DATABASE_URL is set, else SQLite."""
    base = os.environ.get("MOOC_BENCH_DATABASE_URL")
    if not base:
        return f"sqlite:///{os.path.join(work, 'dashboard.sqlite3')}", lambda: None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"bench_dashboard_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(base).set(database=name).render_as_string(hide_password=False), drop


def make_app(url: str, content: str):
    from flask import render_template_string
    from sqlalchemy import select

    from mooc import create_app
    from mooc.accounts.models import User
    from mooc.extensions import db

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "CONTENT_DIR": content,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "JOBS_URL": "memory://",
            "JOBS_IMMEDIATE": True,
            "REPORT_JOB_LEARNERS": {},  # the PDF in the request, to time it
        }
    )

    @app.get("/bench-floor/<int:user_id>")
    def floor(user_id: int):
        name = db.session.scalar(select(User.display_name).where(User.id == user_id))
        return render_template_string(
            "<!doctype html><title>{{ name }}</title><p>Hello {{ name }}</p>", name=name
        )

    return app


def timed(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    response.get_data()
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def entry(path: str, ours: list[float], floor: list[float], note: str, target=True) -> dict:
    ours95, floor95 = p95(ours), p95(floor)
    return {
        "path": path,
        "ours": round(ours95, 1),
        "floor": round(floor95, 1),
        "unit": "ms p95",
        "ratio": round(ours95 / floor95, 1) if floor95 else float("nan"),
        "target": P95_TARGET_MS if target else None,
        "target_text": f"p95 ≤ {P95_TARGET_MS} ms" if target else "",
        "meets": ours95 <= P95_TARGET_MS if target else None,
        "note": f"{note}; p50 {statistics.median(ours):.1f} ms, floor's "
        f"{statistics.median(floor):.1f} ms",
    }


def pdf_floor(scope, rows) -> None:
    """WeasyPrint rendering the same learner rows as one bare table."""
    from flask import render_template_string
    from weasyprint import HTML

    html = render_template_string(
        "<table>{% for r in rows %}<tr><td>{{ r.name }}</td><td>{{ r.email }}</td>"
        "<td>{{ r.done }}/{{ r.total }}</td>{% for q in quizzes %}<td>{{ r.best.get(q.id) }}</td>"
        "{% endfor %}<td>{{ r.certificate }}</td><td>{{ r.last_activity }}</td></tr>"
        "{% endfor %}</table>",
        rows=rows,
        quizzes=scope.quizzes,
    )
    HTML(string=html).write_pdf()


def run() -> list[dict]:
    from bench.report import signed_in_client, write_course
    from mooc.cohorts import reports
    from mooc.cohorts.demo import seed
    from mooc.extensions import db

    work = tempfile.mkdtemp(prefix="bench-dashboard-")
    content = os.path.join(work, "content")
    write_course(Path(content))
    url, drop = scratch_url(work)
    rows: list[dict] = []
    try:
        app = make_app(url, content)
        with app.app_context():
            db.create_all()
            result = app.test_cli_runner().invoke(args=["content", "sync", content])
            assert result.exit_code == 0, result.output
            with app.test_request_context():
                cohorts = {size: seed(size, "bench", seed_value=size).id for size in COHORTS}
                small = seed(PDF_LEARNERS, "bench", seed_value=3).id
            client = signed_in_client(app)
            floor_url = "/bench-floor/1"
            found: dict[int, list[float]] = {}
            for size, cohort_id in cohorts.items():
                for query in ("", FILTERED):
                    page = f"/cohorts/{cohort_id}{query}"
                    timed(client, page), timed(client, floor_url)  # warm up
                    ours, floor = [], []
                    for _number in range(REQUESTS):
                        ours.append(timed(client, page))
                        floor.append(timed(client, floor_url))
                    found[size] = found.get(size) or ours
                    label = "first page" if not query else "filtered, searched, sorted, page 2"
                    rows.append(
                        entry(
                            f"trainer dashboard, {size:,} learners, {label}",
                            ours,
                            floor,
                            url.split(":")[0],
                        )
                    )
            growth = p95(found[COHORTS[1]]) / p95(found[COHORTS[0]])
            rows.append(
                {
                    "path": "dashboard p95, 10,000 / 2,000 learners",
                    "ours": round(growth, 2),
                    "floor": 1.0,
                    "unit": "×",
                    "ratio": round(growth, 2),
                    "target": 1.5,
                    "target_text": "≤ 1.5× (flat)",
                    "meets": growth <= 1.5,
                    "note": "the dashboard must not grow with the cohort",
                }
            )
            with app.test_request_context():
                from mooc.cohorts.models import Cohort

                cohort = db.session.get(Cohort, small)
                scope = reports.scope_of(cohort, "en")
                learners = list(reports.learner_rows(scope))
                started = time.perf_counter()
                pdf_floor(scope, learners)
                floor_pdf = time.perf_counter() - started
            started = time.perf_counter()
            response = client.get(f"/cohorts/{small}/report.pdf")
            assert response.status_code == 200 and response.data.startswith(b"%PDF")
            ours_pdf = time.perf_counter() - started
            ratio = ours_pdf / floor_pdf
            rows.append(
                {
                    "path": f"cohort PDF report, {PDF_LEARNERS} learners",
                    "ours": round(ours_pdf, 2),
                    "floor": round(floor_pdf, 2),
                    "unit": "s",
                    "ratio": round(ratio, 2),
                    "target": 1.5,
                    "target_text": "≤ 1.5× a bare table",
                    "meets": ratio <= 1.5,
                    "note": "6.8 s before issue 15; floor: WeasyPrint, same rows, one table",
                }
            )
            db.session.remove()
            db.engine.dispose()
    finally:
        drop()
    return rows


if __name__ == "__main__":
    from bench.run import print_table

    print_table(run())
