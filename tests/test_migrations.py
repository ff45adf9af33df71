"""`flask db upgrade` on an empty database gives exactly the tables of the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mooc import create_app
from mooc.extensions import db
from tests.scratch import scratch_database


@pytest.fixture
def empty_database_url(tmp_path):
    """A new, empty database: a SQLite file, or a scratch PostgreSQL database."""
    with scratch_database(tmp_path, "migrations") as url:
        yield url


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
