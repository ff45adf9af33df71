"""Requests per second of "mark lesson as done" against a bare Flask endpoint doing one INSERT.

Both are served by gunicorn with one worker, on the same database, in the same run; one client
sends requests one after the other (a new connection each, as gunicorn's sync worker closes them).
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

LESSONS = 60  # twice the flagship course's 28 lessons and quizzes
LEARNERS = 12  # 720 distinct (learner, lesson) pairs: every request inserts a row
WARMUP = 30
ROUNDS = 3  # ours and the floor take turns, so that both see the same machine
PER_ROUND = 200
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) bench"


def bare_app():
    """The floor: a Flask endpoint that inserts one row and commits."""
    from flask import Flask
    from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert

    app = Flask("bare")
    engine = create_engine(os.environ["BENCH_DATABASE_URL"])
    metadata = MetaData()
    table = Table(
        "bench_done",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", Integer),
        Column("lesson_id", Integer),
    )
    metadata.create_all(engine)

    @app.post("/done/<int:lesson>")
    def done(lesson: int):
        with engine.begin() as conn:
            conn.execute(insert(table).values(user_id=1, lesson_id=lesson))
        return "", 204

    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(target: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    """Start gunicorn with one worker and wait until it answers."""
    port = free_port()
    process = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            target,
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"gunicorn did not start for {target}")


def request(port: int, path: str, headers: dict[str, str]) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", path, headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


def rate(
    port: int, requests: list[tuple[str, dict[str, str]]], ok: set[int], warmup: bool = False
) -> float:
    """Requests per second over `requests`, sent one after the other."""
    started = time.perf_counter()
    for path, headers in requests:
        status = request(port, path, headers)
        assert status in ok, status
    return 0.0 if warmup else len(requests) / (time.perf_counter() - started)


def prepare(scratch: str, url: str) -> list[tuple[str, dict[str, str]]]:
    """A course of LESSONS lessons and LEARNERS enrolled learners; returns (path, headers)."""
    from mooc import create_app
    from mooc.extensions import db
    from tests.factories import PASSWORD, UserFactory
    from tests.trees import TreeBuilder

    tree = TreeBuilder(Path(scratch) / "content")
    tree.write("courses/01-bench/course.md", "---\ntitle: Bench\nsummary: S\n---\n")
    for m in range(LESSONS // 20):
        tree.write(f"courses/01-bench/{m:02d}-m{m}/module.md", f"---\ntitle: M{m}\n---\n")
        for n in range(20):
            tree.write(
                f"courses/01-bench/{m:02d}-m{m}/{n:02d}-l{m}-{n}.md",
                f"---\ntitle: L{m}-{n}\n---\n\nText of the lesson.\n",
            )
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "DEVELOPMENT": True,
            "CONTENT_DIR": str(tree.root),
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
        for n in range(LEARNERS):
            UserFactory(email=f"bench{n}@example.org")
        db.session.remove()
    requests: list[tuple[str, dict[str, str]]] = []
    for n in range(LEARNERS):
        headers = signed_in(app, f"bench{n}@example.org", PASSWORD)
        for i in range(LESSONS):
            requests.append((f"/courses/bench/lessons/l{i // 20}-{i % 20}/done", headers))
    with app.app_context():
        db.engine.dispose()
    # Interleave learners, as a class working at the same time would.
    requests.sort(key=lambda r: (r[0], r[1]["Cookie"]))
    return requests


def signed_in(app, email: str, password: str) -> dict[str, str]:
    """Sign in through the pages and enrol; return the headers of that browser session."""
    # Outside an app context: each request gets its own `g`, as in production.
    # The browser's User-Agent on every request, as a real browser sends it: Flask-Login's session
    # protection compares it with the one at sign-in (without it, every request rewrote the cookie).
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    page = client.get("/courses/bench/").get_data(as_text=True)  # a new session: new token
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/courses/bench/enrol", data={"csrf_token": token})
    assert response.status_code == 302, response.status_code
    return {
        "Cookie": f"session={client.get_cookie('session').value}",
        "User-Agent": USER_AGENT,
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": "0",
    }


def run() -> list[dict]:
    """Measure both servers and return the bench table row."""
    from bench.content import row

    with tempfile.TemporaryDirectory() as scratch:
        url = os.environ.get("MOOC_BENCH_DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"
        requests = prepare(scratch, url)
        env = {
            **os.environ,
            "MOOC_DATABASE_URL": url,
            "MOOC_SECRET_KEY": "bench",
            "MOOC_CONTENT_DIR": os.path.join(scratch, "content"),
            "MOOC_DEVELOPMENT": "1",
            "BENCH_DATABASE_URL": url,
            "MOOC_RATELIMIT_ENABLED": "false",
        }
        ours_server, ours_port = serve("wsgi:app", env)
        bare_server, bare_port = serve("bench.progress:bare_app()", env)
        try:
            ours_rates, bare_rates = [], []
            rate(ours_port, requests[:WARMUP], {302}, warmup=True)
            rate(bare_port, [(f"/done/{i}", {}) for i in range(WARMUP)], {204}, warmup=True)
            for n in range(ROUNDS):
                chunk = slice(WARMUP + n * PER_ROUND, WARMUP + (n + 1) * PER_ROUND)
                ours_rates.append(rate(ours_port, requests[chunk], {302}))
                bare_rates.append(
                    rate(
                        bare_port,
                        [(f"/done/{i}", {}) for i in range(chunk.start, chunk.stop)],
                        {204},
                    )
                )
        finally:
            for server in (ours_server, bare_server):
                server.terminate()
                server.wait()
    ours, bare = statistics.median(ours_rates), statistics.median(bare_rates)
    ratio = ours / bare
    result = row(
        "mark lesson as done (gunicorn, 1 worker), req/s",
        ours,
        bare,
        None,
        f"median of {ROUNDS} interleaved rounds of {PER_ROUND} requests",
    )
    result.update(
        unit="req/s",
        ratio=round(ratio, 3),
        target=0.5,
        meets=ratio >= 0.5,
        ours=round(ours, 1),
        floor=round(bare, 1),
    )
    return [result]


if __name__ == "__main__":
    from bench.run import print_table

    print_table(run())
