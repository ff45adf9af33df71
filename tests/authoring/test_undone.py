"""`transactions.undone()`: a dry run's writes are undone, its callbacks dropped, and what the
session held before is kept."""

from __future__ import annotations

from sqlalchemy import select

from mooc.accounts.models import User
from mooc.extensions import db
from mooc.transactions import on_commit, on_rollback, transaction, undone
from tests.factories import UserFactory


def test_writes_inside_are_undone_and_callbacks_dropped(app):
    kept = UserFactory(display_name="Kept")
    ran: list[str] = []
    with undone():
        db.session.add(UserFactory.build(display_name="Undone"))
        db.session.flush()
        on_commit(lambda: ran.append("commit"))
        on_rollback(lambda: ran.append("rollback"))
    assert ran == ["rollback"]
    names = set(db.session.scalars(select(User.display_name)))
    assert names == {"Kept"}
    with transaction():
        pass  # the next commit runs nothing that the dry run registered
    assert ran == ["rollback"]
    assert db.session.get(User, kept.id) is not None


def test_an_error_inside_is_undone_too(app):
    try:
        with undone():
            db.session.add(UserFactory.build(display_name="Undone"))
            db.session.flush()
            raise RuntimeError
    except RuntimeError:
        pass
    assert db.session.scalar(select(User.display_name)) is None
