"""The database extension (`db`, Flask-SQLAlchemy) and the declarative `Base` of every model.

Reached through `mooc.extensions` (`from mooc.extensions import db`), which imports this module
the first time `db` or `Base` is asked for: Flask-SQLAlchemy and the ORM take ~70 ms to import,
which a command that needs no model (`flask content check` reads one table with Core) does not
pay. The app binds `db` in its deferred set-up (`mooc.register_database`)."""

from flask_sqlalchemy import SQLAlchemy
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
