"""Every Flask extension instance, created unbound and initialised by the factory.

`db` and `Base` are made by `mooc.database` the first time they are asked for (`from
mooc.extensions import db` works as before): Flask-SQLAlchemy and the ORM load only in a process
that uses a model. Flask-Migrate (and Alembic behind it) is loaded by the `flask db` command
only: see `mooc.cli.lazy_group`."""

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

if TYPE_CHECKING:
    from mooc.database import Base, db

__all__ = ["Base", "babel", "config_limit", "csrf", "db", "limiter", "login_manager"]

login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


def __getattr__(name: str):
    """`db` and `Base`, from `mooc.database` (imported on first use)."""
    if name in ("db", "Base"):
        from mooc import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def config_limit(name: str):
    """A rate limit read from the app's configuration when a request comes (not at import)."""

    def value() -> str:
        from flask import current_app

        return current_app.config[name]

    return value
