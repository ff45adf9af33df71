"""Writing the outbox: statements in the event's transaction, the sender's lease and back-off,
and marking statements again for a replay."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Text, cast, or_, select, update

from mooc.clock import utcnow
from mooc.extensions import db
from mooc.jobs import enqueue
from mooc.jobs.models import Job
from mooc.transactions import insert_once, insert_rows, on_commit, on_rollback, transactional
from mooc.xapi.models import Sender, Statement

KIND = "xapi.send"
STARTED = "mooc_xapi_started"


@transactional
def record(entries: list[tuple[int | None, str, dict[str, Any]]]) -> None:
    """Put statements ((user id, verb, statement) each) in the outbox, in the caller's
    transaction (one INSERT whatever their number), and start a sender once it commits."""
    if not entries:
        return
    now = utcnow()
    rows = [
        {
            "uuid": statement["id"],
            "user_id": user_id,
            "verb": verb,
            "statement": statement,
            "status": "pending",
            "attempts": 0,
            "last_error": "",
            "created_at": now,
        }
        for user_id, verb, statement in entries
    ]
    insert_rows(Statement, rows)
    start_sending()


@transactional
def start_sending() -> None:
    """Queue a send job, once per operation, unless one is already due to run (it will see
    these statements; the upkeep catches any that a running one just missed).

    "Once per operation" is a mark in the session that the operation's end (commit or
    rollback) takes away. It used to be the session's transaction object, compared with
    `session.get_transaction()`: that is None until the operation's first statement, so in a
    session that had never started a sender (the worker's upkeep, each run in an application
    context of its own, after `due()` had ended its read) the two were both None, the sender
    counted as started already, and statements left by a back-off waited for the next event."""
    session = db.session()
    if session.info.get(STARTED):
        return
    session.info[STARTED] = True
    on_commit(lambda: session.info.pop(STARTED, None))  # before the push: the next operation
    on_rollback(lambda: session.info.pop(STARTED, None))  # (or a job run here) starts anew
    now = utcnow()
    waiting = db.session.scalar(
        select(Job.id)
        .where(Job.kind == KIND, Job.status == "queued", Job.queued_at <= now)
        .limit(1)
    )
    if waiting is None:
        enqueue(KIND, {}, subject="xapi")


@transactional
def due() -> bool:
    """Statements wait and the LRS is not in a back-off: a send would do something (a read
    that ends its transaction, so that no connection is left idle in one)."""
    now = utcnow()
    sender = db.session.get(Sender, 1)
    if sender is not None and sender.retry_at is not None and sender.retry_at > now:
        return False
    pending = select(Statement.id).where(Statement.status == "pending").limit(1)
    return db.session.scalar(pending) is not None


@transactional
def acquire() -> bool:
    """Take the sender's lease (one sender at a time keeps the order): True when ours."""
    insert_once(Sender, {"id": 1, "failures": 0, "last_error": ""})
    now = utcnow()
    taken = db.session.execute(
        update(Sender)
        .where(Sender.id == 1, or_(Sender.lease_until.is_(None), Sender.lease_until < now))
        .values(lease_until=now + timedelta(seconds=current_app.config["XAPI_LEASE"]))
        .execution_options(synchronize_session=False)
    ).rowcount
    return bool(taken)


@transactional
def release() -> None:
    """Give the lease back."""
    _sender_values(lease_until=None)


@transactional
def next_batch(sent_ids: list[int] | None = None) -> list[Any] | None:
    """Mark `sent_ids` sent (the batch before, in the same commit), then the oldest pending
    statements: rows with `id` and `text` (the JSON as stored, sent as it is: neither ORM
    objects nor parsed JSON, which cost more than the rest of the step); None while the LRS is
    in a back-off. The lease is renewed (a heartbeat)."""
    if sent_ids:
        sent(sent_ids)
    now = utcnow()
    sender = db.session.get(Sender, 1, populate_existing=True)
    if sender.retry_at is not None and sender.retry_at > now:
        return None
    sender.lease_until = now + timedelta(seconds=current_app.config["XAPI_LEASE"])
    return list(
        db.session.execute(
            select(Statement.id, cast(Statement.statement, Text).label("text"))
            .where(Statement.status == "pending")
            .order_by(Statement.id)
            .limit(current_app.config["XAPI_BATCH"])
        )
    )


@transactional
def sent(ids: list[int]) -> None:
    """The LRS stored these: they leave the queue, the back-off ends."""
    now = utcnow()
    _statements(ids, status="sent", sent_at=now, last_error="")
    _sender_values(failures=0, retry_at=None, last_sent_at=now)


@transactional
def rejected(statement_id: int, error: str) -> None:
    """The LRS refuses this statement as invalid: it would refuse it again, so it stops
    waiting (shown on the admin page; `flask xapi replay` sends it again)."""
    _statements([statement_id], status="rejected", last_error=error[:2000])


@transactional
def failed(ids: list[int], error: str) -> datetime:
    """The LRS could not be reached or failed: these stay pending, in order, and the sender
    waits longer each time (doubling from MOOC_XAPI_RETRY_DELAY up to MOOC_XAPI_RETRY_MAX)."""
    now = utcnow()
    sender = db.session.get(Sender, 1, populate_existing=True)
    sender.failures += 1
    config = current_app.config
    delay = min(config["XAPI_RETRY_MAX"], config["XAPI_RETRY_DELAY"] * 2 ** (sender.failures - 1))
    sender.retry_at = now + timedelta(seconds=delay)
    sender.last_error, sender.last_error_at = error[:2000], now
    db.session.execute(
        update(Statement)
        .where(Statement.id.in_(ids))
        .values(attempts=Statement.attempts + 1, last_error=error[:2000])
        .execution_options(synchronize_session=False)
    )
    return sender.retry_at


@transactional
def replay(since: datetime, start: bool = True) -> int:
    """Mark every statement recorded since `since` to be sent again (the LRS keeps one copy
    of a statement id), and end any back-off (and, with `start`, queue a sender): the number
    marked."""
    marked = db.session.execute(
        update(Statement)
        .where(Statement.created_at >= since, Statement.status != "pending")
        .values(status="pending", attempts=0, last_error="")
        .execution_options(synchronize_session=False)
    ).rowcount
    retry_now(start)
    return marked


@transactional
def retry_now(start: bool = True) -> None:
    """End the back-off and (with `start`) queue a sender: the admin page's button."""
    insert_once(Sender, {"id": 1, "failures": 0, "last_error": ""})
    _sender_values(retry_at=None)
    if start:
        start_sending()


def _statements(ids: list[int], **values: Any) -> None:
    db.session.execute(
        update(Statement)
        .where(Statement.id.in_(ids))
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def _sender_values(**values: Any) -> None:
    db.session.execute(
        update(Sender)
        .where(Sender.id == 1)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
