"""Member cities' names in the interface's languages, where they differ from the English name
(certificates print the city in the certificate's language: "Séoul", "Seúl")."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

# The English name (as in data/member-cities.csv) and its translation; names the same in every
# language are not listed. Translators: these are city names.
CITY_NAMES = {
    "Amman": _l("Amman"),
    "Amsterdam": _l("Amsterdam"),
    "Barcelona": _l("Barcelona"),
    "Beirut": _l("Beirut"),
    "Florence": _l("Florence"),
    "Lisbon": _l("Lisbon"),
    "London": _l("London"),
    "Mexico City": _l("Mexico City"),
    "New York": _l("New York"),
    "Seoul": _l("Seoul"),
    "Tangier": _l("Tangier"),
    "Tunis": _l("Tunis"),
    "Turin": _l("Turin"),
    "Vienna": _l("Vienna"),
}


def city_name(name: str, locale: str) -> str:
    """The city's name in `locale` (its English name when no translation is listed)."""
    if name not in CITY_NAMES:
        return name
    with force_locale(locale):
        return str(CITY_NAMES[name])
