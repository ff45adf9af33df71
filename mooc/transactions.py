"""One operation, one transaction: the outermost service call commits, nested calls join it.

Every service function that writes is decorated with `@transactional` (or opens
`with transaction():`). The outermost one commits when it returns and rolls back when it raises;
a service called from inside another joins the caller's transaction and only flushes. Signals
sent inside a service run inside the same transaction, so that a receiver's writes commit or
roll back with the operation that caused them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, wraps
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import literal_column
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mooc.extensions import db

P = ParamSpec("P")
R = TypeVar("R")
DEPTH = "mooc_transaction_depth"
ON_COMMIT = "mooc_on_commit"
ON_ROLLBACK = "mooc_on_rollback"


def depth() -> int:
    """How many service calls are open in this session (0: none, we are at the boundary)."""
    return db.session.info.get(DEPTH, 0)


@contextmanager
def transaction() -> Iterator[Session]:
    """Join the open operation, or be the outermost one: commit on success, roll back on error."""
    session = db.session()
    level = session.info.get(DEPTH, 0)
    session.info[DEPTH] = level + 1
    try:
        yield session
        if level == 0:
            session.commit()
    except BaseException:
        if level == 0:
            session.rollback()
            session.info.pop(ON_COMMIT, None)
            _run(session.info.pop(ON_ROLLBACK, []))
        raise
    finally:
        session.info[DEPTH] = level
    if level == 0:
        session.info.pop(ON_ROLLBACK, None)
        _run(session.info.pop(ON_COMMIT, []))


@contextmanager
def undone() -> Iterator[Session]:
    """Do writes and undo them, whatever happens: a dry run. They run in a savepoint, joined as
    a nested service call; on exit the savepoint rolls back, `on_commit` callbacks registered
    inside are dropped and `on_rollback` ones run. What the session held before is untouched."""
    session = db.session()
    level = session.info.get(DEPTH, 0)
    commits = list(session.info.get(ON_COMMIT, []))
    rollbacks = list(session.info.get(ON_ROLLBACK, []))
    session.info[DEPTH] = level + 1
    nested = session.begin_nested()
    try:
        yield session
    finally:
        if nested.is_active:
            nested.rollback()
        session.info[DEPTH] = level
        added = session.info.get(ON_ROLLBACK, [])[len(rollbacks) :]
        session.info[ON_COMMIT], session.info[ON_ROLLBACK] = commits, rollbacks
        session.expire_all()  # rows the dry run touched are read again as they are
        _run(added)


def on_commit(callback: Callable[[], Any]) -> None:
    """Run `callback` once the current operation has committed (never if it rolls back): the
    place to queue mail or jobs that must not run for work that did not happen."""
    db.session.info.setdefault(ON_COMMIT, []).append(callback)


def on_rollback(callback: Callable[[], Any]) -> None:
    """Run `callback` if the current operation rolls back: the place to undo what the database
    cannot (a file written before the commit)."""
    db.session.info.setdefault(ON_ROLLBACK, []).append(callback)


def _run(callbacks: list[Callable[[], Any]]) -> None:
    for callback in callbacks:
        callback()


def transactional(function: Callable[P, R]) -> Callable[P, R]:
    """Run a service function as one operation (see `transaction`)."""

    @wraps(function)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction():
            return function(*args, **kwargs)

    return wrapped


def insert_ignoring_duplicates(model: Any, dialect: str | None = None, returning: bool = False):
    """`INSERT … ON CONFLICT DO NOTHING` for `model` (SQLite and PostgreSQL): a row that a unique
    constraint already has is skipped. With `returning`, the statement returns a row for each
    row inserted (the driver's `rowcount` is not reliable once an insert returns rows)."""
    name = dialect or db.session.get_bind().dialect.name
    return _ignoring(model, name, returning)


@cache
def _ignoring(model: Any, dialect: str, returning: bool):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - the app runs on SQLite and PostgreSQL
        raise NotImplementedError(dialect)
    # On the table, not the mapped class: a Core statement, whatever the model's defaults.
    statement = dialect_insert(getattr(model, "__table__", model)).on_conflict_do_nothing()
    return statement.returning(literal_column("1")) if returning else statement


# Rows that one bulk insert sends in a single statement (more than any operation adds at once).
BULK_ROWS = 10_000


def insert_rows(model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert many rows, skipping those a unique constraint already has, in one statement
    (one `executemany`, or one multi-row INSERT built by the driver layer, never one per row)."""
    if not rows:
        return
    for start in range(0, len(rows), BULK_ROWS):
        statement = insert_ignoring_duplicates(model).execution_options(
            insertmanyvalues_page_size=BULK_ROWS
        )
        db.session.execute(statement, rows[start : start + BULK_ROWS])


def insert_once(target: Any, values: dict[str, Any] | None = None) -> bool:
    """Insert a row unless a unique constraint says it exists: True when inserted.

    With a model (or table) and `values`: one `INSERT … ON CONFLICT DO NOTHING`. With an ORM
    object: added and flushed in a savepoint. Either way a duplicate (perhaps written meanwhile
    by a simultaneous request) leaves the caller's transaction and its pending work intact."""
    session = db.session()
    if values is not None:
        statement = insert_ignoring_duplicates(target, returning=True)
        return session.execute(statement, values).first() is not None
    try:
        with session.begin_nested():
            session.add(target)
    except IntegrityError:
        return False
    return True
