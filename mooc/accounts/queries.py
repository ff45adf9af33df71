"""Accounts, read: finding a user by email, whatever its case."""

from __future__ import annotations

from sqlalchemy import select

from mooc.accounts.models import User
from mooc.extensions import db


def normalize_email(email: str) -> str:
    """Emails are compared and stored case-folded and trimmed."""
    return email.strip().casefold()


def find_user(email: str) -> User | None:
    """The user with this email, whatever its case."""
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def trainer_city_ids(user_id: int) -> set[int]:
    """The member cities an admin attached this trainer to."""
    from mooc.accounts.models import TrainerCity

    return set(
        db.session.scalars(select(TrainerCity.city_id).where(TrainerCity.user_id == user_id))
    )


def trainer_cities(user_id: int) -> list:
    """Those cities, by name."""
    from mooc.accounts.models import TrainerCity
    from mooc.cities.models import MemberCity

    return list(
        db.session.scalars(
            select(MemberCity)
            .join(TrainerCity, TrainerCity.city_id == MemberCity.id)
            .where(TrainerCity.user_id == user_id)
            .order_by(MemberCity.name, MemberCity.id)
        )
    )


def may_run_cohorts_in(user, city_id: int | None) -> bool:
    """Admins run cohorts anywhere; a trainer only in the cities she is attached to."""
    if user.role == "admin":
        return True
    return city_id is not None and city_id in trainer_city_ids(user.id)


def trainers_with_cities() -> list[tuple]:
    """Every trainer (role trainer) with her cities, by email."""
    from mooc.accounts.models import TrainerCity
    from mooc.cities.models import MemberCity

    trainers = list(
        db.session.scalars(select(User).where(User.role == "trainer").order_by(User.email))
    )
    pairs = db.session.execute(
        select(TrainerCity.user_id, MemberCity)
        .join(MemberCity, MemberCity.id == TrainerCity.city_id)
        .order_by(MemberCity.name)
    )
    cities: dict[int, list] = {}
    for user_id, city in pairs:
        cities.setdefault(user_id, []).append(city)
    return [(user, cities.get(user.id, [])) for user in trainers]
