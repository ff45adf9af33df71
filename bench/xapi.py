"""Sending 2,000 xAPI statements from the outbox to a real LRS, against posting the same
statements in the same batches straight from memory.

Ours: `mooc.xapi.sending.send_pending` (the job's work: lease, read a batch, POST, mark sent, one
transaction per step). The floor: the same batches of `MOOC_XAPI_BATCH` statements POSTed with
the same client code, no database. The LRS is Learning Locker's xapi-statements (`make lrs`),
in memory, on 127.0.0.1; fresh statement ids each round; medians of interleaved rounds.
Skipped (no row) when Node or the LRS is missing.
"""

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

STATEMENTS = 2000
ROUNDS = 4
TARGET = 1.5


def statements(count: int) -> list[dict]:
    """`count` valid statements with fresh ids."""
    return [
        {
            "id": str(uuid.uuid4()),
            "actor": {
                "objectType": "Agent",
                "account": {"homePage": "http://localhost/", "name": str(n % 50)},
            },
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en": "done"}},
            "object": {"objectType": "Activity", "id": f"http://localhost/xapi/course/demo/{n}"},
            "timestamp": "2026-12-04T00:00:00.000Z",
        }
        for n in range(count)
    ]


def ours() -> float:
    from mooc.clock import utcnow
    from mooc.extensions import db
    from mooc.transactions import insert_rows
    from mooc.xapi import sending
    from mooc.xapi.models import Statement

    rows = [
        {"uuid": s["id"], "user_id": None, "verb": "completed", "statement": s}
        | {"status": "pending", "attempts": 0, "last_error": "", "created_at": utcnow()}
        for s in statements(STATEMENTS)
    ]
    insert_rows(Statement, rows)
    db.session.commit()
    started = time.perf_counter()
    report = sending.send_pending()
    elapsed = time.perf_counter() - started
    assert report["sent"] == STATEMENTS, report
    return elapsed


def floor() -> float:
    from flask import current_app

    from mooc.xapi import client

    batch = current_app.config["XAPI_BATCH"]
    found = statements(STATEMENTS)
    started = time.perf_counter()
    for start in range(0, STATEMENTS, batch):
        assert client.post(found[start : start + batch]).outcome == "ok"
    return time.perf_counter() - started


def run() -> list[dict]:
    """Interleaved rounds of ours and the floor; the bench table row (none without the LRS)."""
    from bench.content import row
    from mooc import create_app
    from mooc.extensions import db
    from tests.xapi import lrs as peer

    if peer.missing():
        print(f"bench/xapi.py skipped: {peer.missing()}", file=sys.stderr)
        return []
    with tempfile.TemporaryDirectory() as scratch:
        auth = peer.AuthPeer()
        lrs = peer.Lrs(Path(scratch), auth)
        lrs.start()
        url = os.environ.get("MOOC_BENCH_DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "DATABASE_URL": url,
                "LRS_URL": lrs.url,
                "LRS_KEY": peer.KEY,
                "LRS_SECRET": peer.SECRET,
            }
        )
        try:
            with app.app_context():
                app.ready()
                db.drop_all()
                db.create_all()
                ours_times, floor_times = [], []
                floor()  # warm the LRS and the connection up
                for number in range(ROUNDS):  # alternate who goes first (the LRS fills up)
                    if number % 2:
                        floor_times.append(floor())
                        ours_times.append(ours())
                    else:
                        ours_times.append(ours())
                        floor_times.append(floor())
                db.drop_all()
                db.session.remove()
                db.engine.dispose()
        finally:
            lrs.stop()
            auth.close()
    database = "PostgreSQL" if os.environ.get("MOOC_BENCH_DATABASE_URL") else "SQLite"
    return [
        row(
            f"send {STATEMENTS} xAPI statements to a real LRS, {database}",
            statistics.median(ours_times),
            statistics.median(floor_times),
            TARGET,
            f"median of {ROUNDS} interleaved rounds; floor: the same POSTs from memory",
        )
    ]


if __name__ == "__main__":
    from bench.run import print_table

    print_table(run())
