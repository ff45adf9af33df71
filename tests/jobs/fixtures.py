"""Fixtures for jobs: a queue that keeps its jobs instead of running them at once."""

from __future__ import annotations

import pytest


@pytest.fixture
def queued(app):
    """Jobs stay on an in-memory queue (not run): `queued.count()`, `queued.run()` runs them."""
    from mooc.jobs.queue import queue

    app.config["JOBS_IMMEDIATE"] = False
    app.extensions.pop("mooc_huey", None)
    huey = queue(app)

    class Queued:
        def count(self) -> int:
            return huey.pending_count()

        def run(self) -> int:
            """Run what is queued (and what that queues), here; how many ran."""
            ran = 0
            while (task := huey.dequeue()) is not None:
                huey.execute(task)
                ran += 1
            return ran

    yield Queued()
    app.extensions.pop("mooc_huey", None)
    app.config["JOBS_IMMEDIATE"] = True
