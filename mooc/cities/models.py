"""Member cities of UCLG: name, name in the local script, country and UCLG region."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
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
REGION_NAMES = {
    "africa": _l("Africa"),
    "asia-pacific": _l("Asia-Pacific"),
    "eurasia": _l("Eurasia"),
    "europe": _l("Europe"),
    "latin-america": _l("Latin America"),
    "middle-east-west-asia": _l("Middle East and West Asia"),
    "north-america": _l("North America"),
    "metropolis": _l("Metropolis"),
}


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


def region_name(code: str) -> str:
    """A UCLG region's name in the current language."""
    return str(REGION_NAMES.get(code, code))
