"""The sender: one at a time (a lease), the oldest statements first, in batches; a refused
batch is sent one statement at a time to find the invalid one; a failure stops the sender
until its back-off ends, so that no statement overtakes another."""

from __future__ import annotations

from typing import Any

from mooc.xapi import client, services


def send_pending() -> dict[str, Any]:
    """Send what waits, until nothing does or the LRS fails: counts of what happened."""
    report: dict[str, Any] = {"sent": 0, "rejected": 0, "failures": 0}
    while services.acquire():
        try:
            stopped = drain(report)
        finally:
            services.release()
        # Statements committed while the lease was ours may have seen it taken: look again.
        if stopped or not services.due():
            break
    return report


def drain(report: dict[str, Any]) -> bool:
    """Send batches while the lease is ours; True when a failure (or back-off) stops us."""
    done: list[int] = []  # sent, marked so with the next batch's reading (one commit)
    while True:
        batch = services.next_batch(done)
        done = []
        if batch is None:
            return True
        if not batch:
            return False
        answer = client.post([row.text for row in batch])
        if answer.outcome == "ok":
            done = [row.id for row in batch]
            report["sent"] += len(batch)
        elif answer.outcome == "refused" and len(batch) > 1:
            if one_by_one(batch, report):
                return True
        elif answer.outcome == "refused":
            services.rejected(batch[0].id, answer.message)
            report["rejected"] += 1
        else:
            services.failed([row.id for row in batch], answer.message)
            report["failures"] += 1
            report["error"] = answer.message
            return True


def one_by_one(batch: list, report: dict[str, Any]) -> bool:
    """Send a refused batch statement by statement, in order; True if the LRS then fails."""
    for row in batch:
        answer = client.post([row.text])
        if answer.outcome == "ok":
            services.sent([row.id])
            report["sent"] += 1
        elif answer.outcome == "refused":
            services.rejected(row.id, answer.message)
            report["rejected"] += 1
        else:
            services.failed([row.id], answer.message)
            report["failures"] += 1
            report["error"] = answer.message
            return True
    return False
