"""factory-boy factories bound to the app's database session."""

from __future__ import annotations

import factory
from werkzeug.security import generate_password_hash

from mooc.accounts.models import User
from mooc.cities.models import MemberCity
from mooc.extensions import db

PASSWORD = "correct horse battery"
_HASH = generate_password_hash(PASSWORD)  # computed once: the KDF is slow on purpose


class BaseFactory(factory.alchemy.SQLAlchemyModelFactory):
    """Creates rows through `db.session` and commits them."""

    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class CityFactory(BaseFactory):
    """A member city."""

    class Meta:
        model = MemberCity

    name = factory.Sequence(lambda n: f"City {n}")
    country = "KR"
    region = "asia-pacific"


class UserFactory(BaseFactory):
    """A learner with the password `PASSWORD`."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password_hash = _HASH
    display_name = factory.Sequence(lambda n: f"User {n}")
    certificate_name = factory.LazyAttribute(lambda u: u.display_name)
    language = "en"
    role = "learner"
