"""Every Flask extension instance, created unbound and initialised by the factory.

Flask-Migrate (and Alembic behind it) is loaded by the `flask db` command only: see
`mooc.cli.lazy_group`."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base with named constraints, so that migrations are stable."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


# Objects stay usable after the commit that ends an operation (a view renders what the service
# returned without reloading it); each request starts with a fresh session anyway.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


def config_limit(name: str):
    """A rate limit read from the app's configuration when a request comes (not at import)."""

    def value() -> str:
        from flask import current_app

        return current_app.config[name]

    return value
