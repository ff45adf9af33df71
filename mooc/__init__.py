"""The mooc application: `create_app` builds it from configuration and feature packages."""

import os

from flask import Flask

from mooc.application import Mooc
from mooc.config import Config, project_root
from mooc.security import check_configuration


def create_app(config: dict | None = None) -> Mooc:
    """Build the application; `config` (a dict) overrides defaults and environment.

    What only pages, the API and services need (models, blueprints, sign-in, receivers, job
    handlers) is set up when the app is first used (see `mooc.application`)."""
    app = Mooc(__name__, instance_path=os.path.join(project_root(), "instance"))
    app.config.from_object(Config)
    app.config.from_prefixed_env("MOOC")
    if config:
        app.config.update(config)
    app.config["EXPLICIT_KEYS"] = set(config or ()) | {
        key.removeprefix("MOOC_") for key in os.environ if key.startswith("MOOC_")
    }
    check_configuration(app)
    configure_paths(app)
    register_extensions(app)
    register_i18n(app)
    register_converters(app)
    register_errorhandlers(app)
    register_commands(app)
    register_caching(app)
    app.defer(
        register_database,
        register_models,
        register_auth,
        register_blueprints,
        register_receivers,
        register_jobs,
    )
    app.configured()
    return app


def configure_paths(app: Flask) -> None:
    """Resolve the database URL and content folder; SQLite under `instance/` by default."""
    os.makedirs(app.instance_path, exist_ok=True)
    url = app.config.get("DATABASE_URL") or "sqlite:///" + os.path.join(
        app.instance_path, "mooc.sqlite3"
    )
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", url)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if not url.startswith("sqlite"):
        # Servers drop idle connections (a SQLite file never does): connections are opened anew
        # after DATABASE_RECYCLE seconds and pinged when idle (`ping_when_idle`). Options the
        # app was given (a bigger pool, say) are kept.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.setdefault("pool_recycle", int(app.config["DATABASE_RECYCLE"]))
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not app.config.get("CERTIFICATES_DIR"):
        app.config["CERTIFICATES_DIR"] = os.path.join(app.instance_path, "certificates")
    if not app.config.get("OFFLINE_DIR"):
        app.config["OFFLINE_DIR"] = os.path.join(app.instance_path, "offline")
    if not app.config.get("JOBS_RESULTS_DIR"):
        app.config["JOBS_RESULTS_DIR"] = os.path.join(app.instance_path, "job-results")
    if not app.config.get("BASE_URL"):
        app.config["BASE_URL"] = "http://localhost"
    if not app.config.get("CONTENT_DIR"):
        app.config["CONTENT_DIR"] = os.path.join(project_root(), "content")
    if "SESSION_COOKIE_SECURE" not in (app.config.get("EXPLICIT_KEYS") or ()):
        # Secure cookies everywhere but on a developer's plain-HTTP localhost.
        app.config["SESSION_COOKIE_SECURE"] = not (app.config["DEVELOPMENT"] or app.testing)


def register_extensions(app: Flask) -> None:
    """Bind the extension instances of `mooc.extensions` to the app; the database's is bound
    in the deferred set-up (`register_database`)."""
    from mooc.cli import lazy_group
    from mooc.extensions import csrf, limiter

    app.cli.add_command(lazy_group("db", "Perform database migrations.", lambda: migrations(app)))
    csrf.init_app(app)
    limiter.init_app(app)


def register_database(app: Flask) -> None:
    """Bind `db` (Flask-SQLAlchemy): the first deferred step, before models and pages, so that
    a light command (`flask content check`) imports neither Flask-SQLAlchemy nor the ORM."""
    from mooc.extensions import db

    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            tune_sqlite(db.engine)
    else:
        with app.app_context():
            if not app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping"):
                ping_when_idle(db.engine, float(app.config["DATABASE_PING_AFTER"]))
            commit_reads(app, db)


def ping_when_idle(engine, after: float) -> None:
    """Ping a pooled connection before use only when it has been idle more than `after`
    seconds: SQLAlchemy's `pool_pre_ping` costs a round trip on every checkout, i.e. every
    request. A connection found dead is replaced (the pool retries the checkout on
    `DisconnectionError`); one dropped while busy or within `after` seconds fails that one
    request, and SQLAlchemy then discards every older connection of the pool."""
    import time

    from sqlalchemy import event, exc

    @event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection, record) -> None:
        if record is not None:
            record.info["mooc_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection, record, _proxy) -> None:
        since = record.info.get("mooc_idle_since")
        if since is None or time.monotonic() - since <= after:
            return  # new, or used a moment ago
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_connection.rollback()  # no transaction left open by the ping
        except Exception as error:  # any failure: the connection is unusable
            raise exc.DisconnectionError() from error


def commit_reads(app: Flask, db) -> None:
    """End a request that only read with `COMMIT` rather than `ROLLBACK` (PostgreSQL).

    psycopg prepares a statement on the server once a connection has run it five times, and
    forgets every prepared statement at each `ROLLBACK`. Ending every read with the session's
    rollback therefore made each request parse and plan every query again (a course page:
    3.0 ms in the database against 1.1 ms prepared). For a transaction that wrote nothing the
    two are the same; one that wrote, failed, or left changes in the session still ends with
    `ROLLBACK`."""
    from sqlalchemy import event

    engine = db.engine

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:
        connection.info.pop("mooc_wrote", None)

    @event.listens_for(engine, "before_cursor_execute")
    def on_execute(connection, _cursor, statement, _parameters, _context, _many) -> None:
        if statement.lstrip()[:6].upper() != "SELECT":
            connection.info["mooc_wrote"] = True

    @event.listens_for(db.session, "after_begin")
    def on_session_begin(session, _transaction, connection) -> None:
        session.info.setdefault("mooc_connections", []).append(connection)

    @app.teardown_appcontext
    def commit_if_read(error: BaseException | None) -> None:
        if error is not None or not db.session.registry.has():
            return
        session = db.session()
        connections = session.info.pop("mooc_connections", [])
        if not session.in_transaction() or session.new or session.dirty or session.deleted:
            return
        open_ones = [c for c in connections if not c.closed]
        if any(c.info.get("mooc_wrote") for c in open_ones):
            return
        # The driver's COMMIT only: the session's commit would flush, expire and signal for a
        # transaction that changed nothing. Its close then finds the connection idle, and
        # psycopg's rollback sends nothing (and forgets nothing).
        for connection in open_ones:
            connection.connection.dbapi_connection.commit()


def register_models(app: Flask) -> None:
    """Import every model, so that relationships resolve and migrations see every table."""
    from mooc import models  # noqa: F401


def register_auth(app: Flask) -> None:
    """Sign-in: sessions and API tokens (Flask-Login)."""
    from mooc.accounts.auth import init_auth

    init_auth(app)


def migrations(app: Flask):
    """Flask-Migrate's `db` group, bound to the app (Alembic loads only for `flask db …`)."""
    from flask_migrate import Migrate
    from flask_migrate.cli import db as db_group

    from mooc import models  # noqa: F401  (every table, for autogenerate and checks)
    from mooc.extensions import db

    Migrate(app, db, directory=os.path.join(project_root(), "migrations"))
    return db_group


def tune_sqlite(engine) -> None:
    """WAL lets readers work while a writer commits (several gunicorn workers on one file),
    and `synchronous=NORMAL` syncs at checkpoints instead of at every commit."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def on_connect(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "savepoint")
    def begin_before_savepoint(connection, _name) -> None:
        # pysqlite opens a transaction only before INSERT/UPDATE/DELETE: a SAVEPOINT issued
        # first would open one of its own, and releasing it would commit the operation halfway.
        raw = connection.connection.dbapi_connection
        if not raw.in_transaction:
            raw.execute("BEGIN")


def register_i18n(app: Flask) -> None:
    """Wire Flask-Babel and the template helpers for languages, dates and numbers."""
    from mooc.i18n import init_i18n

    init_i18n(app)


def register_converters(app: Flask) -> None:
    """URL converters that refuse what the database cannot store (before any blueprint)."""
    from mooc.converters import init_converters

    init_converters(app)


def register_blueprints(app: Flask) -> None:
    """Register the HTML and JSON blueprints of every feature package."""
    from mooc.accounts import api as accounts_api  # noqa: F401  (API modules register routes)
    from mooc.accounts.views import bp as accounts_bp
    from mooc.api import init_api
    from mooc.assignments import api as assignments_api  # noqa: F401
    from mooc.assignments.views import bp as assignments_bp
    from mooc.authoring.views import bp as authoring_bp
    from mooc.certificates import api as certificates_api  # noqa: F401
    from mooc.certificates.views import bp as certificates_bp
    from mooc.cohorts import api as cohorts_api  # noqa: F401
    from mooc.cohorts.views import bp as cohorts_bp
    from mooc.courses import api as courses_api  # noqa: F401
    from mooc.courses.views import bp as courses_bp
    from mooc.credentials.views import bp as credentials_bp
    from mooc.exchange import api as exchange_api  # noqa: F401
    from mooc.exchange import trainers as exchange_trainers  # noqa: F401  (pages on its bp)
    from mooc.exchange.views import bp as exchange_bp
    from mooc.jobs.views import bp as jobs_bp
    from mooc.mail.views import bp as mail_bp
    from mooc.quizzes import api as quizzes_api  # noqa: F401
    from mooc.quizzes.views import bp as quizzes_bp
    from mooc.xapi.views import bp as xapi_bp

    app.register_blueprint(courses_bp)
    app.register_blueprint(quizzes_bp)
    app.register_blueprint(assignments_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(cohorts_bp)
    app.register_blueprint(credentials_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(mail_bp)
    app.register_blueprint(exchange_bp)
    app.register_blueprint(authoring_bp)
    app.register_blueprint(xapi_bp)
    init_api(app)


def register_errorhandlers(app: Flask) -> None:
    """Render 403, 404 and 500 as pages in the visitor's language; add security headers."""
    from mooc.errors import init_errors
    from mooc.security import init_security

    init_errors(app)
    init_security(app)


def register_receivers(app: Flask) -> None:
    """Connect every feature's signal receivers (once per process: blinker keeps them)."""
    from mooc.accounts import receivers as accounts_receivers  # noqa: F401
    from mooc.assignments import receivers as assignments_receivers  # noqa: F401
    from mooc.certificates import receivers as certificates_receivers  # noqa: F401
    from mooc.cohorts import receivers as cohorts_receivers  # noqa: F401
    from mooc.courses import receivers as courses_receivers  # noqa: F401
    from mooc.credentials import receivers as credentials_receivers  # noqa: F401
    from mooc.exchange import receivers as exchange_receivers  # noqa: F401
    from mooc.xapi import receivers as xapi_receivers  # noqa: F401


def register_jobs(app: Flask) -> None:
    """Import every feature's job handlers (`jobs.py`: what each kind of job does)."""
    from mooc.accounts import jobs as accounts_jobs  # noqa: F401
    from mooc.certificates import jobs as certificates_jobs  # noqa: F401
    from mooc.cohorts import jobs as cohorts_jobs  # noqa: F401
    from mooc.courses import jobs as courses_jobs  # noqa: F401
    from mooc.exchange import jobs as exchange_jobs  # noqa: F401
    from mooc.mail import jobs as mail_jobs  # noqa: F401
    from mooc.xapi import jobs as xapi_jobs  # noqa: F401


def register_commands(app: Flask) -> None:
    """Register the `flask content …` command group and its siblings; each group's module is
    imported when the group is used, so that a command loads only its own feature."""
    from mooc.cli import lazy_command, lazy_group

    groups = {
        "content": ("mooc.courses.cli:content_cli", "Check and load the course content."),
        "users": ("mooc.accounts.cli:users_cli", "Manage user accounts."),
        "cities": ("mooc.cities.cli:cities_cli", "Manage UCLG member cities."),
        "cohorts": ("mooc.cohorts.cli:cohorts_cli", "Cohort reports."),
        "demo": ("mooc.cohorts.cli:demo_cli", "Fill a database with demo data."),
        "certificates": (
            "mooc.certificates.cli:certificates_cli",
            "Issue and revoke certificates.",
        ),
        "credentials": (
            "mooc.credentials.cli:credentials_cli",
            "The issuer's signing keys and Open Badges credentials.",
        ),
        "quizzes": ("mooc.quizzes.cli:quizzes_cli", "Quiz attempts."),
        "exchange": ("mooc.exchange.cli:exchange_cli", "Exchange between cities: digests."),
        "assignments": (
            "mooc.assignments.cli:assignments_cli",
            "Peer review of assignments: expire overdue reviews.",
        ),
        "xapi": ("mooc.xapi.cli:xapi_cli", "xAPI learning records: the outbox and the LRS."),
    }
    for name, (target, help_text) in groups.items():
        app.cli.add_command(lazy_group(name, help_text, target))
    # `flask worker` imports the job queue (and its models) only when a worker starts.
    app.cli.add_command(
        lazy_command("worker", "Run queued jobs until stopped.", "mooc.jobs.cli:worker_command")
    )


def register_caching(app: Flask) -> None:
    """Validators and long-lived static URLs (see `mooc.caching`)."""
    from mooc.caching import init_caching

    init_caching(app)
