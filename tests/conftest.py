"""Fixtures shared by the whole suite: one set for SQLite and PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import g
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event

from mooc import create_app
from mooc.extensions import db
from tests.factories import PASSWORD, UserFactory
from tests.trees import TreeBuilder

TEST_DATABASE_URL = os.environ.get("MOOC_TEST_DATABASE_URL")
pytest_plugins = ("tests.smtp", "tests.jobs.fixtures")


class ConnectionSession(FlaskSession):
    """Uses the test's connection: Flask-SQLAlchemy's session would pick the engine instead."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self.bind


@pytest.fixture(scope="session")
def database_url() -> str | None:
    """On PostgreSQL, create the schema once per session; on SQLite, nothing to share."""
    if not TEST_DATABASE_URL:
        return None
    app = create_app({"TESTING": True, "DATABASE_URL": TEST_DATABASE_URL, "SECRET_KEY": "t"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    return TEST_DATABASE_URL


@pytest.fixture
def app(database_url, tmp_path: Path):
    """The app on a fresh SQLite file, or inside a rolled-back PostgreSQL transaction."""
    url = database_url or f"sqlite:///{tmp_path / 'test.sqlite3'}"
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret",
            "CONTENT_DIR": str(tmp_path / "content"),
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,  # tests/security checks CSRF with it on
            "JOBS_URL": "memory://",
            "JOBS_IMMEDIATE": True,  # a job runs where it is queued (tests/jobs run workers)
        }
    )

    @app.before_request
    def fresh_request_globals():
        # Tests keep one app context open; production gives each request its own `g`.
        g.__dict__.clear()

    with app.app_context():
        if database_url is None:
            db.create_all()
            yield app
            db.session.remove()
        else:
            connection = db.engine.connect()
            transaction = connection.begin()
            original = db.session
            db.session = db._make_scoped_session(
                {
                    "bind": connection,
                    "join_transaction_mode": "create_savepoint",
                    "class_": ConnectionSession,
                }
            )
            try:
                yield app
            finally:
                db.session.remove()
                transaction.rollback()
                connection.close()
                db.session = original
        db.engine.dispose()


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner of the app."""
    return app.test_cli_runner()


@pytest.fixture
def tree(app) -> TreeBuilder:
    """A content tree in the app's content folder, empty until a test writes it."""
    return TreeBuilder(Path(app.config["CONTENT_DIR"]))


class QueryCounter:
    """Counts the SQL statements run while it is active, by kind."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        """All statements but savepoint bookkeeping."""
        return len([s for s in self.statements if "SAVEPOINT" not in s.upper()])

    @property
    def writes(self) -> list[str]:
        """INSERT, UPDATE and DELETE statements."""
        return [
            s
            for s in self.statements
            if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter:` counts the statements run inside the block."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        counter = QueryCounter()
        engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting


class Auth:
    """Sign in and out through the pages, as a browser would."""

    def __init__(self, client):
        self.client = client

    def login(self, user, password: str = PASSWORD):
        response = self.client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> Auth:
    """Sign-in helper for the test client."""
    return Auth(client)


@pytest.fixture
def learner(app, auth):
    """A signed-in learner."""
    user = UserFactory()
    auth.login(user)
    return user


@pytest.fixture
def synced(runner, tree):
    """The baseline tree, synced."""
    tree.baseline()
    result = runner.invoke(args=["content", "sync", str(tree.root)])
    assert result.exit_code == 0, result.output
    return tree


@pytest.fixture
def enrolled(client, learner, synced):
    """A signed-in learner enrolled in the baseline course."""
    assert client.post("/courses/demo/enrol").status_code == 302
    return learner
