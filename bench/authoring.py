"""Authoring on every save: `flask content check` of the shipped tree as a whole process against
the import floor of bench/startup.py (target 1.5×), and `flask content sync --dry-run` of a tree
that changes nothing against `flask content sync` of the same (target 2×), both whole processes
on a database a sync filled, interleaved, medians of ROUNDS; and the same dry run against the
same sync inside one process (the work itself, without the start-up both share)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.startup import FLOOR, flask, medians, row  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_AUTHORING_ROUNDS", "7"))
CHECK_TARGET = 1.5
DRY_RUN_TARGET = 2.0


def in_process(url: str) -> tuple[float, float]:
    """Medians of a no-op sync and of a no-op dry run, in one process (app ready, warm)."""
    from mooc import create_app
    from mooc.courses.content.sync import sync_tree

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "DEVELOPMENT": True})
    root = app.config["CONTENT_DIR"]
    with app.app_context():
        app.ready()
        sync_tree(root)  # warm
        synced, dry = [], []
        for _round in range(ROUNDS):
            started = time.perf_counter()
            assert not sync_tree(root).changed
            synced.append(time.perf_counter() - started)
            started = time.perf_counter()
            assert not sync_tree(root, dry_run=True).changed
            dry.append(time.perf_counter() - started)
    return statistics.median(synced), statistics.median(dry)


def run() -> list[dict]:
    """Measure and return the rows for the bench table."""
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/synced.sqlite3"
        base = {
            **os.environ,
            "MOOC_SECRET_KEY": "bench",
            "MOOC_DEVELOPMENT": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        synced = {**base, "MOOC_DATABASE_URL": url}
        for command in (("db", "upgrade"), ("content", "sync")):
            subprocess.run(flask(*command), cwd=ROOT, env=synced, check=True, capture_output=True)
        found = medians(
            {
                "floor": ([sys.executable, "-c", FLOOR], base),
                "check": (flask("content", "check"), synced),
                "sync": (flask("content", "sync"), synced),
                "dry": (flask("content", "sync", "--dry-run"), synced),
            }
        )
        sync_work, dry_work = in_process(url)
    note = f"median of {ROUNDS} whole-process runs"
    return [
        row(
            "start-up floor: import the core libraries", found["floor"], found["floor"], None, note
        ),
        row(
            "flask content check (shipped tree, after a sync)",
            found["check"],
            found["floor"],
            CHECK_TARGET,
            note,
        ),
        row(
            "flask content sync --dry-run vs sync (nothing changed)",
            found["dry"],
            found["sync"],
            DRY_RUN_TARGET,
            note,
        ),
        row(
            "dry run vs sync in one process (nothing changed)",
            dry_work,
            sync_work,
            DRY_RUN_TARGET,
            f"median of {ROUNDS}, app ready",
        ),
    ]


if __name__ == "__main__":
    from bench.run import print_table

    print_table(run())
