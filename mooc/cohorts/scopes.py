"""Admins' view across cohorts: every cohort of a member city, a country or a UCLG region."""

from __future__ import annotations

from sqlalchemy import select

from mooc.cities.models import MemberCity, region_name
from mooc.cohorts.models import Cohort
from mooc.cohorts.queries import with_target
from mooc.extensions import db
from mooc.schemas import MAX_INTEGER


def cohorts_in(scope: str, value: str) -> list[Cohort]:
    """Every cohort of a member city (`city`, its id), a country (`country`, ISO code) or a
    UCLG region (`region`), by city and name."""
    query = select(Cohort).join(MemberCity, MemberCity.id == Cohort.city_id).options(*with_target())
    if scope == "city":
        if not (value.isascii() and value.isdigit()) or int(value) > MAX_INTEGER:
            return []
        query = query.where(MemberCity.id == int(value))
    elif scope == "country":
        query = query.where(MemberCity.country == value.upper())
    elif scope == "region":
        query = query.where(MemberCity.region == value)
    else:
        return []
    return list(db.session.scalars(query.order_by(MemberCity.name, Cohort.name, Cohort.id)))


def scope_report(scope: str, value: str, locale: str) -> list[dict]:
    """Each cohort of a city, a country or a region with its title and summary."""
    from mooc.cohorts import learners, reports

    result = []
    for cohort in cohorts_in(scope, value):
        cohort_scope = reports.scope_of(cohort, locale)
        result.append(
            {
                "cohort": cohort,
                "title": cohort_scope.title,
                "summary": learners.summary_of(cohort_scope)[0],
            }
        )
    return result


def scope_title(scope: str, value: str) -> str:
    """'Region: Europe', 'Country: Uruguay' or the city's name, in the current language."""
    from babel import Locale
    from flask_babel import get_locale, gettext

    if scope == "region":
        return gettext("Region: %(name)s") % {"name": region_name(value)}
    if scope == "country":
        names = Locale.parse(str(get_locale())).territories
        return gettext("Country: %(name)s") % {"name": names.get(value.upper(), value.upper())}
    number = int(value) if value.isascii() and value.isdigit() else 0
    city = db.session.get(MemberCity, number) if 0 < number <= MAX_INTEGER else None
    return city.name if city else value
