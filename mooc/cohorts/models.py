"""Member cities of UCLG (cohorts come with their own issue)."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mooc.extensions import db

REGIONS = (
    "africa",
    "asia-pacific",
    "eurasia",
    "europe",
    "latin-america",
    "middle-east-west-asia",
    "north-america",
    "metropolis",
)


class MemberCity(db.Model):
    """A member city: its name, its name in the local script, country and UCLG region."""

    __tablename__ = "member_cities"
    __table_args__ = (UniqueConstraint("name", "country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    local_name: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    region: Mapped[str] = mapped_column(String(40))

    def __repr__(self) -> str:
        return f"<MemberCity {self.name} {self.country}>"
