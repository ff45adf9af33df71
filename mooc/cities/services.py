"""Member-city operations: import from a CSV file, all or nothing, idempotent."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from babel import Locale
from flask_babel import gettext
from sqlalchemy import select

from mooc.cities.models import REGIONS, MemberCity
from mooc.extensions import db
from mooc.transactions import transactional

COLUMNS = ("name", "local_name", "country", "region")
REGION_LABELS = {  # English labels accepted as well as the codes
    "africa": "africa",
    "asia-pacific": "asia-pacific",
    "eurasia": "eurasia",
    "europe": "europe",
    "latin america": "latin-america",
    "middle east and west asia": "middle-east-west-asia",
    "north america": "north-america",
    "metropolis": "metropolis",
}


@dataclass
class CityImport:
    """What an import did, or the lines that stopped it."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def countries() -> set[str]:
    """ISO 3166-1 alpha-2 codes known to Babel."""
    return {code for code in Locale("en").territories if len(code) == 2 and code.isalpha()}


def read_rows(data: bytes, report: CityImport) -> list[tuple[int, dict[str, str]]]:
    """Decode and parse the CSV; header problems are reported on line 1."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.problems.append((1, gettext("the file is not UTF-8; save it as UTF-8 CSV")))
        return []
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [c for c in ("name", "country", "region") if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        report.problems.append(
            (
                1,
                gettext(
                    "the first line must name the columns %(columns)s (missing: %(missing)s; "
                    "unknown: %(unknown)s)"
                )
                % {
                    "columns": ", ".join(COLUMNS),
                    "missing": ", ".join(missing) or "-",
                    "unknown": ", ".join(unknown) or "-",
                },
            )
        )
        return []
    return [
        (reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items() if k})
        for row in reader
    ]


def check_row(row: dict[str, str], known: set[str]) -> tuple[dict[str, str] | None, str | None]:
    """A clean row, or the reason it is refused."""
    name, country = row.get("name", ""), row.get("country", "").upper()
    region = REGION_LABELS.get(row.get("region", "").casefold(), row.get("region", ""))
    if not name:
        return None, gettext("the city has no name")
    if country not in known:
        return None, gettext(
            "'%(country)s' is not an ISO 3166-1 country code (such as KR, UY, FR)"
        ) % {"country": row.get("country", "")}
    if region not in REGIONS:
        return None, gettext("'%(region)s' is not a UCLG region; use one of %(regions)s") % {
            "region": row.get("region", ""),
            "regions": ", ".join(REGIONS),
        }
    return {
        "name": name,
        "local_name": row.get("local_name", ""),
        "country": country,
        "region": region,
    }, None


@transactional
def import_cities(data: bytes, progress=lambda rows: rows) -> CityImport:
    """Create or update cities by (name, country); with any bad line, change nothing."""
    report = CityImport()
    rows = read_rows(data, report)
    known = countries()
    clean: dict[tuple[str, str], dict[str, str]] = {}
    for number, row in rows:
        values, problem = check_row(row, known)
        if problem:
            report.problems.append((number, problem))
            continue
        key = (values["name"].casefold(), values["country"])
        if key in clean:
            report.problems.append(
                (number, gettext("%(name)s (%(country)s) is already on an earlier line") % values)
            )
            continue
        clean[key] = values
    if report.problems:
        return report
    existing = {(c.name.casefold(), c.country): c for c in db.session.scalars(select(MemberCity))}
    for key, values in progress(list(clean.items())):
        city = existing.get(key)
        if city is None:
            db.session.add(MemberCity(**values))
            report.created += 1
        elif (city.name, city.local_name, city.region) != (
            values["name"],
            values["local_name"],
            values["region"],
        ):
            city.name, city.local_name, city.region = (
                values["name"],
                values["local_name"],
                values["region"],
            )
            report.updated += 1
        else:
            report.unchanged += 1
    return report
