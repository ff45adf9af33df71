"""Cohort reports: a synthetic cohort of 10,000 learners on a 60-lesson course (written by
`mooc.cohorts.demo`), exported as CSV and XLSX through the trainer's download URL, against the
floor: the raw aggregate SQL query written out with `csv.writer`, in the same run.

Peak memory is measured in a fresh process per export: a thread samples the resident set size
every 2 ms during the export; the figure is the highest sample less the size just before.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

LEARNERS = int(os.environ.get("BENCH_REPORT_LEARNERS", "10000"))
MODULES, LESSONS = 6, 9  # 6 modules of 9 lessons and a quiz: 60 items
ROUNDS = 3  # best of, for each timing


def write_course(root: Path) -> None:
    """A 60-lesson course with a five-question quiz closing each module."""
    course = root / "courses" / "01-bench"
    course.mkdir(parents=True)
    (course / "course.md").write_text(
        "---\ntitle: Bench course\nsummary: For the report benchmark.\nlanguage: en\n"
        "hours: 20\nsequential: false\n---\n\nA long course.\n"
    )
    for m in range(1, MODULES + 1):
        module = course / f"{m:02d}-module-{m}"
        module.mkdir()
        (module / "module.md").write_text(f"---\ntitle: Module {m}\n---\n")
        for n in range(1, LESSONS + 1):
            (module / f"{n:02d}-lesson-{m}-{n}.md").write_text(
                f"---\ntitle: Lesson {m}.{n}\n---\n\nText of lesson {m}.{n}.\n"
            )
        questions = "".join(
            f"\n## Question {q} of module {m}? {{#q{q}}}\n\n"
            "- [x] Right\n- [ ] Wrong\n- [ ] Also wrong\n"
            for q in range(1, 6)
        )
        (module / f"{LESSONS + 1:02d}-quiz-{m}.md").write_text(
            f"---\ntype: quiz\ntitle: Quiz {m}\npass_mark: 60\nmax_attempts: 3\n---\n{questions}"
        )


def make_app(database: str, content: str):
    from mooc import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": f"sqlite:///{database}",
            "CONTENT_DIR": content,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )


def floor_csv(app, cohort_id: int, target: str) -> None:
    """The raw aggregate query, rows written as they come with csv.writer."""
    from sqlalchemy import text

    from mooc.cohorts.models import Cohort
    from mooc.courses.models.content import Lesson
    from mooc.extensions import db

    cohort = db.session.get(Cohort, cohort_id)
    lessons = db.session.execute(
        text("SELECT id, kind FROM lessons WHERE course_id = :c AND archived_at IS NULL"),
        {"c": cohort.course_id},
    ).all()
    readings = ",".join(str(i) for i, kind in lessons if kind == "lesson")
    quizzes = [i for i, kind in lessons if kind == "quiz"]
    best = ", ".join(f"max(CASE WHEN lesson_id = {q} THEN score END) AS q{q}" for q in quizzes)
    query = f"""
        SELECT u.display_name, u.email, m.joined_at, coalesce(d.n, 0),
               {", ".join(f"q.q{q}" for q in quizzes)}, coalesce(q.passed, 0),
               e.last_seen_at, c.code
        FROM cohort_members m JOIN users u ON u.id = m.user_id
        LEFT JOIN (SELECT user_id, count(*) AS n FROM lesson_progress
                   WHERE lesson_id IN ({readings}) GROUP BY user_id) d ON d.user_id = u.id
        LEFT JOIN (SELECT user_id, {best},
                          count(DISTINCT CASE WHEN passed THEN lesson_id END) AS passed
                   FROM quiz_attempts WHERE lesson_id IN ({",".join(map(str, quizzes))})
                   GROUP BY user_id) q ON q.user_id = u.id
        LEFT JOIN enrolments e ON e.user_id = u.id AND e.course_id = :course
        LEFT JOIN certificates c ON c.user_id = u.id AND c.course_id = :course
                                 AND c.status = 'valid'
        WHERE m.cohort_id = :cohort
        ORDER BY u.display_name, u.id
    """
    assert Lesson  # the table the query reads
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        result = db.session.execute(
            text(query).execution_options(yield_per=500),
            {"course": cohort.course_id, "cohort": cohort_id},
        )
        for row in result:
            writer.writerow(row)


def ours(client, cohort_id: int, fmt: str, target: str) -> None:
    """The trainer's download, through the app, written to a file as it streams."""
    response = client.get(f"/cohorts/{cohort_id}/report.{fmt}", buffered=False)
    assert response.status_code == 200, response.status_code
    with open(target, "wb") as handle:
        for chunk in response.response:
            handle.write(chunk)
    response.close()


def signed_in_client(app):
    from mooc.cohorts.demo import DEMO_PASSWORD

    client = app.test_client()
    response = client.post(
        "/login", data={"email": "trainer@demo.example.org", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    return client


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 1e6


def measure(database: str, content: str, cohort_id: int, what: str) -> dict:
    """In this (fresh) process: one export, and how much resident memory it added at peak."""
    import threading

    app = make_app(database, content)
    with app.app_context():
        client = signed_in_client(app)
        client.get("/cohorts").close()  # load templates and the outline once
        before = rss_mb()
        peak = [before]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.002):
                peak[0] = max(peak[0], rss_mb())

        sampler = threading.Thread(target=sample)
        sampler.start()
        target = os.path.join(os.path.dirname(database), f"measure.{what}")
        try:
            if what == "floor":
                floor_csv(app, cohort_id, target)
            else:
                ours(client, cohort_id, what, target)
        finally:
            done.set()
            sampler.join()
        peak[0] = max(peak[0], rss_mb())
    return {"growth_mb": peak[0] - before, "before_mb": before, "peak_mb": peak[0]}


def best_of(function) -> float:
    times = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def run() -> list[dict]:
    from bench.content import row
    from mooc.cohorts.demo import seed
    from mooc.extensions import db

    work = tempfile.mkdtemp(prefix="bench-report-")
    content = os.path.join(work, "content")
    write_course(Path(content))
    database = os.path.join(work, "bench.sqlite3")
    app = make_app(database, content)
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["content", "sync", content])
        assert result.exit_code == 0, result.output
        started = time.perf_counter()
        cohort_id = seed(LEARNERS, "bench").id
        seeding = time.perf_counter() - started
        client = signed_in_client(app)
        out = os.path.join(work, "out")
        floor = best_of(lambda: floor_csv(app, cohort_id, out + ".floor.csv"))
        ours_csv = best_of(lambda: ours(client, cohort_id, "csv", out + ".csv"))
        ours_xlsx = best_of(lambda: ours(client, cohort_id, "xlsx", out + ".xlsx"))
        with open(out + ".csv", encoding="utf-8-sig") as handle:
            lines = sum(1 for _line in csv.reader(handle))
        assert lines == LEARNERS + 1, lines
        db.session.remove()
    memory = {}
    for what in ("floor", "csv", "xlsx"):
        found = subprocess.run(
            [sys.executable, __file__, "--measure", database, content, str(cohort_id), what],
            capture_output=True,
            text=True,
            check=True,
        )
        memory[what] = json.loads(found.stdout.strip().splitlines()[-1])["growth_mb"]
    note = f"{LEARNERS} learners, 60 items; seeding took {seeding:.1f} s"
    rows = [
        row(f"cohort report CSV, {LEARNERS} learners", ours_csv, floor, 2.0, note),
        row(f"cohort report XLSX, {LEARNERS} learners", ours_xlsx, floor, None, note),
    ]
    for what, label in (("csv", "CSV"), ("xlsx", "XLSX")):
        entry = row(
            f"cohort report {label}, peak memory growth",
            memory[what],
            100.0,
            1.0,
            f"floor column = the 100 MB budget; the raw query itself: {memory['floor']:.1f} MB",
        )
        entry.update(unit="MB", ours=round(memory[what], 1), floor=100.0)
        rows.append(entry)
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        _flag, database, content, cohort, what = sys.argv[1:6]
        print(json.dumps(measure(database, content, int(cohort), what)))
    else:
        from bench.run import print_table

        print_table(run())
