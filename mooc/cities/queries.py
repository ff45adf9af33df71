"""Member cities, read: the lists that forms and reports choose from."""

from __future__ import annotations

from sqlalchemy import select

from mooc.cities.models import MemberCity
from mooc.extensions import db


def all_cities() -> list[MemberCity]:
    """Every member city, by name."""
    return list(db.session.scalars(select(MemberCity).order_by(MemberCity.name, MemberCity.id)))


def city_exists(city_id: int) -> bool:
    """True when a member city has this id."""
    return db.session.get(MemberCity, city_id) is not None
