"""A database of its own for tests that cannot run inside the suite's rolled-back transaction
(real threads, other processes, migrations, a served app): a SQLite file, or a scratch
PostgreSQL database created and dropped around the test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import TEST_DATABASE_URL


@contextmanager
def scratch_database(tmp_path: Path, prefix: str) -> Iterator[str]:
    """The URL of an empty database named after `prefix`, dropped afterwards."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / f'{prefix}.sqlite3'}"
        return
    name = f"mooc_{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
