"""Start-up: `flask content check` of the shipped tree, as an author runs it, against the floor
of a process that only imports the libraries every command needs (Flask, SQLAlchemy,
markdown-it, PyYAML, nh3, Flask-Babel, Flask-Login, Flask-WTF, marshmallow).

Whole-process wall times, interleaved (floor, ours, floor, ours …) so that both see the same
load, medians of ROUNDS. The check runs against a database that a `content sync` of the same
tree filled (what `make run` leaves, and what an author has after a sync); a second row shows
the check with no database at all (a fresh clone), without a target.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

ROUNDS = int(os.environ.get("BENCH_STARTUP_ROUNDS", "9"))
TARGET = 1.5
FLOOR = (
    "import flask, sqlalchemy, markdown_it, yaml, nh3, flask_babel, flask_login, flask_wtf, "
    "marshmallow"
)


def flask(*args: str) -> list[str]:
    return [os.path.join(os.path.dirname(sys.executable), "flask"), "--app", "wsgi", *args]


def timed(command: list[str], env: dict) -> float:
    """Seconds the process takes from start to exit (it must succeed)."""
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def medians(commands: dict[str, tuple[list[str], dict]]) -> dict[str, float]:
    """Each command ROUNDS times, interleaved; the median of each."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _round in range(ROUNDS):
        for name, (command, env) in commands.items():
            samples[name].append(timed(command, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def run() -> list[dict]:
    """Measure and return the rows for the bench table."""
    with tempfile.TemporaryDirectory() as scratch:
        base = {**os.environ, "MOOC_SECRET_KEY": "bench", "MOOC_DEVELOPMENT": "1"}
        base["PYTHONDONTWRITEBYTECODE"] = "1"
        synced = {**base, "MOOC_DATABASE_URL": f"sqlite:///{scratch}/synced.sqlite3"}
        empty = {**base, "MOOC_DATABASE_URL": f"sqlite:///{scratch}/empty.sqlite3"}
        subprocess.run(
            flask("db", "upgrade"), cwd=ROOT, env=synced, check=True, capture_output=True
        )
        subprocess.run(
            flask("content", "sync"), cwd=ROOT, env=synced, check=True, capture_output=True
        )
        found = medians(
            {
                "floor": ([sys.executable, "-c", FLOOR], base),
                "check": (flask("content", "check"), synced),
                "cold": (flask("content", "check"), empty),
            }
        )
    floor = found["floor"]
    note = f"median of {ROUNDS} whole-process runs"
    return [
        row("start-up floor: import the core libraries", floor, floor, None, note),
        row(
            "flask content check (shipped tree, after a sync)", found["check"], floor, TARGET, note
        ),
        row("flask content check (shipped tree, no database)", found["cold"], floor, None, note),
    ]


def row(path: str, ours: float, base: float, target: float | None, note: str) -> dict:
    """One line of the bench table: seconds, ratio to the floor, target."""
    ratio = ours / base if base else float("nan")
    return {
        "path": path,
        "ours": round(ours, 3),
        "floor": round(base, 3),
        "unit": "s",
        "ratio": round(ratio, 3),
        "target": target,
        "meets": None if target is None else ratio <= target,
        "note": note,
    }


if __name__ == "__main__":
    from bench.run import print_table

    print_table(run())
