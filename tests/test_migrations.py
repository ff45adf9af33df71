"""`flask db upgrade` on an empty database gives exactly the tables of the models."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mooc import create_app
from mooc.extensions import db
from tests.conftest import TEST_DATABASE_URL


@pytest.fixture
def empty_database_url(tmp_path):
    """A new, empty database: a SQLite file, or a scratch PostgreSQL database."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"mooc_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_from_empty_matches_the_models(empty_database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": empty_database_url, "SECRET_KEY": "t"})
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == []
