"""The transaction boundary: nested service calls join the outermost one, which commits or rolls
back; insert_once; hooks after commit and after rollback."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mooc.cities.models import MemberCity
from mooc.extensions import db
from mooc.transactions import (
    depth,
    insert_once,
    on_commit,
    on_rollback,
    transaction,
    transactional,
)


class Boom(Exception):
    """Raised on purpose."""


def cities() -> int:
    return db.session.scalar(select(func.count()).select_from(MemberCity))


def city(name: str) -> dict:
    return {"name": name, "local_name": "", "country": "KR", "region": "asia-pacific"}


@transactional
def add_city(name: str) -> None:
    db.session.add(MemberCity(**city(name)))


@transactional
def add_two_then_fail() -> None:
    add_city("Gwangju")  # joins this operation: only flushed
    assert depth() == 1
    add_city("Seoul")
    raise Boom


def test_nested_calls_join_the_outermost_transaction(app):
    with pytest.raises(Boom):
        add_two_then_fail()
    db.session.rollback()  # what a new request would see
    assert cities() == 0
    add_city("Gwangju")
    db.session.rollback()  # committed by the boundary: a rollback now loses nothing
    assert cities() == 1
    assert depth() == 0


def test_insert_once_inserts_a_row_once_and_keeps_the_callers_work(app):
    with transaction():
        db.session.add(MemberCity(**city("Busan")))
        assert insert_once(MemberCity, city("Gwangju")) is True
        assert insert_once(MemberCity, city("Gwangju")) is False  # (name, country) is unique
        assert insert_once(MemberCity(**city("Gwangju"))) is False  # the ORM form, savepoint
        assert insert_once(MemberCity(**city("Seoul"))) is True
    db.session.rollback()
    names = set(db.session.scalars(select(MemberCity.name)))
    assert names == {"Busan", "Gwangju", "Seoul"}


def test_a_first_write_in_a_savepoint_does_not_commit_on_its_own(app):
    # On SQLite, a SAVEPOINT opened before any write would start (and its release commit) a
    # transaction of its own; the engine begins one first.
    with pytest.raises(Boom), transaction():
        assert insert_once(MemberCity(**city("Gwangju"))) is True
        raise Boom
    assert cities() == 0


def test_hooks_run_after_commit_or_after_rollback_only(app):
    seen: list[str] = []

    @transactional
    def operation(fail: bool) -> None:
        on_commit(lambda: seen.append("committed"))
        on_rollback(lambda: seen.append("rolled back"))
        add_city(f"City {len(seen)}")
        if fail:
            raise Boom

    operation(False)
    assert seen == ["committed"]
    with pytest.raises(Boom):
        operation(True)
    assert seen == ["committed", "rolled back"]
    operation(False)  # hooks of a finished operation never run twice
    assert seen == ["committed", "rolled back", "committed"]
