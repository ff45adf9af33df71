"""A factory for every model, and each one builds a row the database accepts."""

from __future__ import annotations

import inspect

import pytest

from mooc.extensions import db
from tests import factories


def all_factories() -> dict[type, type]:
    found = {}
    for _name, value in inspect.getmembers(factories, inspect.isclass):
        if issubclass(value, factories.BaseFactory) and value is not factories.BaseFactory:
            found.setdefault(value._meta.model, value)
    return found


def test_every_model_has_a_factory():
    models = {mapper.class_ for mapper in db.Model.registry.mappers}
    missing = sorted(m.__name__ for m in models - set(all_factories()))
    assert missing == [], f"add a factory to tests/factories.py for {missing}"


@pytest.mark.parametrize("factory", sorted(all_factories().values(), key=lambda f: f.__name__))
def test_each_factory_builds_a_valid_row(app, factory):
    row = factory()
    assert row in db.session
    db.session.expire_all()
    assert db.session.get(type(row), db.inspect(row).identity) is not None
