"""Cohort operations: create, edit, join by link, add learners by email or CSV, invitations."""

from __future__ import annotations

import base64
import csv
import io
import secrets
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mooc.accounts.models import User
from mooc.accounts.services import normalize_email
from mooc.cohorts.models import Cohort, CohortInvitation, CohortMember, CohortTrainer, MemberCity
from mooc.courses import learning
from mooc.courses.models import Course, LearningPath
from mooc.courses.models.progress import utcnow
from mooc.extensions import db

MAX_EMAILS = 5000  # per request or file: larger lists are split by the trainer
EMAIL_COLUMNS = ("email", "e-mail", "courriel", "correo", "correo electrónico")


class CohortError(Exception):
    """A refused cohort operation; `code` is stable, the caller chooses the words."""

    def __init__(self, code: str, field: str | None = None, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.field = field
        self.detail = detail


def new_join_code() -> str:
    """100 random bits, URL-safe (20 base32 characters)."""
    return base64.b32encode(secrets.token_bytes(15)).decode().lower()[:20]


def target_of(target: str) -> tuple[Course | None, LearningPath | None]:
    """`course:SLUG` or `path:SLUG` to the visible course or path it names."""
    kind, _sep, slug = target.partition(":")
    if kind == "course":
        course = db.session.scalar(
            select(Course).where(
                Course.slug == slug, Course.archived_at.is_(None), Course.status == "published"
            )
        )
        if course is not None:
            return course, None
    elif kind == "path":
        path = db.session.scalar(
            select(LearningPath).where(
                LearningPath.slug == slug, LearningPath.archived_at.is_(None)
            )
        )
        if path is not None:
            return None, path
    raise CohortError("unknown_target", "target")


def check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise CohortError("dates", "ends_on")


def create(
    trainer: User,
    name: str,
    city_id: int,
    target: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Cohort:
    """Create a cohort run by `trainer`, with a fresh join code."""
    if db.session.get(MemberCity, city_id) is None:
        raise CohortError("unknown_city", "city_id")
    course, path = target_of(target)
    check_dates(starts_on, ends_on)
    cohort = Cohort(
        name=name,
        city_id=city_id,
        course_id=course.id if course else None,
        path_id=path.id if path else None,
        starts_on=starts_on,
        ends_on=ends_on,
        join_code=new_join_code(),
    )
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortTrainer(cohort_id=cohort.id, user_id=trainer.id))
    db.session.commit()
    return cohort


def update(cohort: Cohort, **changes) -> Cohort:
    """Change a cohort's name, city or dates (its course or path stays: progress depends on it)."""
    if "city_id" in changes and db.session.get(MemberCity, changes["city_id"]) is None:
        raise CohortError("unknown_city", "city_id")
    check_dates(changes.get("starts_on", cohort.starts_on), changes.get("ends_on", cohort.ends_on))
    for key in ("name", "city_id", "starts_on", "ends_on"):
        if key in changes:
            setattr(cohort, key, changes[key])
    db.session.commit()
    return cohort


def regenerate_code(cohort: Cohort) -> str:
    """A new join code; the old link stops working."""
    cohort.join_code = new_join_code()
    db.session.commit()
    return cohort.join_code


def by_join_code(code: str) -> Cohort | None:
    """The cohort a join link names, if the code is current."""
    if not code or len(code) > 40:
        return None
    return db.session.scalar(select(Cohort).where(Cohort.join_code == code))


def add_trainer(cohort: Cohort, email: str) -> User:
    """Another trainer (an account with the trainer or admin role) for the cohort."""
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None or not user.has_role("trainer"):
        raise CohortError("not_a_trainer", "email")
    if db.session.scalar(
        select(CohortTrainer).where(
            CohortTrainer.cohort_id == cohort.id, CohortTrainer.user_id == user.id
        )
    ):
        return user
    db.session.add(CohortTrainer(cohort_id=cohort.id, user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return user


def trainers_of(cohort_id: int) -> list[User]:
    """The cohort's trainers, by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(CohortTrainer, CohortTrainer.user_id == User.id)
            .where(CohortTrainer.cohort_id == cohort_id)
            .order_by(User.display_name, User.id)
        )
    )


def enrol_in_target(cohort: Cohort, user_id: int) -> None:
    """Enrol a new member in the cohort's course, or in its path and the path's first course."""
    if cohort.course_id is not None:
        learning.enrol(user_id, cohort.course_id)
    else:
        path = db.session.get(LearningPath, cohort.path_id)
        if path is not None:
            learning.enrol_path(user_id, path.slug, "en")


def add_member(cohort: Cohort, user_id: int, how: str) -> bool:
    """Make a learner a member (idempotent) and enrol them; True when they were not yet in."""
    existing = db.session.scalar(
        select(CohortMember.id).where(
            CohortMember.cohort_id == cohort.id, CohortMember.user_id == user_id
        )
    )
    added = False
    if existing is None:
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=user_id, how=how))
        try:
            db.session.commit()
            added = True
        except IntegrityError:  # joined twice at the same instant
            db.session.rollback()
    enrol_in_target(cohort, user_id)
    return added


def join(user: User, code: str) -> Cohort:
    """A learner joins through the cohort's link."""
    cohort = by_join_code(code)
    if cohort is None:
        raise CohortError("not_found")
    add_member(cohort, user.id, "link")
    return cohort


def is_member(user_id: int, cohort_id: int) -> bool:
    """True when the learner belongs to the cohort."""
    return (
        db.session.scalar(
            select(CohortMember.id).where(
                CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id
            )
        )
        is not None
    )


@dataclass
class Enrolled:
    """What adding a list of emails did."""

    added: int = 0
    already: int = 0
    invited: int = 0
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line, text)


def parse_emails(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Emails typed one per line (or separated by commas, semicolons or spaces), with their line
    numbers; (valid, invalid)."""
    valid, invalid = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        for part in line.replace(",", " ").replace(";", " ").split():
            (valid if is_email(part) else invalid).append((number, part))
    return valid, invalid


def is_email(value: str) -> bool:
    local, at, domain = value.partition("@")
    return bool(at and local and "." in domain and len(value) <= 254 and " " not in value)


def parse_csv(data: bytes) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Emails from a CSV file: the column headed `email` (or its French or Spanish name), or the
    first column when there is no such header; (valid, invalid) with line numbers."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CohortError("encoding", "file") from None
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        return [], []
    header = [cell.strip().casefold() for cell in rows[0]]
    column, start = 0, 0
    for index, name in enumerate(header):
        if name in EMAIL_COLUMNS:
            column, start = index, 1
            break
    valid, invalid = [], []
    for number, row in enumerate(rows[start:], start=start + 1):
        value = row[column].strip() if len(row) > column else ""
        if not value:
            continue
        (valid if is_email(value) else invalid).append((number, value))
    return valid, invalid


def add_learners(cohort: Cohort, emails: list[tuple[int, str]], how: str = "email") -> Enrolled:
    """Add learners by email: members when they have an account, invitations otherwise (they
    join when they register with that email). Nothing is written if the list holds a bad line."""
    report = Enrolled()
    if len(emails) > MAX_EMAILS:
        raise CohortError("too_many", detail=str(MAX_EMAILS))
    wanted = {normalize_email(email) for _line, email in emails}
    users = (
        {
            user.email: user.id
            for user in db.session.scalars(select(User).where(User.email.in_(wanted)))
        }
        if wanted
        else {}
    )
    members = set(
        db.session.scalars(
            select(CohortMember.user_id).where(
                CohortMember.cohort_id == cohort.id, CohortMember.user_id.in_(users.values())
            )
        )
    )
    invited = set(
        db.session.scalars(
            select(CohortInvitation.email).where(
                CohortInvitation.cohort_id == cohort.id, CohortInvitation.email.in_(wanted)
            )
        )
    )
    new_members = []
    for email in sorted(wanted):
        user_id = users.get(email)
        if user_id is None:
            if email in invited:
                report.already += 1
            else:
                db.session.add(CohortInvitation(cohort_id=cohort.id, email=email))
                report.invited += 1
        elif user_id in members:
            report.already += 1
        else:
            db.session.add(CohortMember(cohort_id=cohort.id, user_id=user_id, how=how))
            new_members.append(user_id)
            report.added += 1
    db.session.commit()
    for user_id in new_members:
        enrol_in_target(cohort, user_id)
    return report


def accept_invitations(user: User) -> list[Cohort]:
    """A newly registered learner joins every cohort that invited their email."""
    invitations = list(
        db.session.scalars(
            select(CohortInvitation).where(
                CohortInvitation.email == user.email, CohortInvitation.accepted_at.is_(None)
            )
        )
    )
    joined = []
    for invitation in invitations:
        invitation.accepted_at = utcnow()
        cohort = db.session.get(Cohort, invitation.cohort_id)
        db.session.commit()
        if cohort is not None:
            add_member(cohort, user.id, "invitation")
            joined.append(cohort)
    return joined


def cohorts_of(user: User) -> list[tuple[Cohort, int]]:
    """The cohorts a trainer runs (every cohort for an admin), with their member counts."""
    members = (
        select(CohortMember.cohort_id, func.count().label("n"))
        .group_by(CohortMember.cohort_id)
        .subquery()
    )
    query = (
        select(Cohort, func.coalesce(members.c.n, 0))
        .outerjoin(members, members.c.cohort_id == Cohort.id)
        .join(MemberCity, MemberCity.id == Cohort.city_id)
        .order_by(Cohort.created_at.desc(), Cohort.id.desc())
    )
    if user.role != "admin":
        query = query.where(
            Cohort.id.in_(select(CohortTrainer.cohort_id).where(CohortTrainer.user_id == user.id))
        )
    return [(cohort, count) for cohort, count in db.session.execute(query)]


def cohorts_in(scope: str, value: str) -> list[Cohort]:
    """Every cohort of a member city (`city`, its id), a country (`country`, ISO code) or a
    UCLG region (`region`), by city and name."""
    query = select(Cohort).join(MemberCity, MemberCity.id == Cohort.city_id)
    if scope == "city":
        if not value.isdigit():
            return []
        query = query.where(MemberCity.id == int(value))
    elif scope == "country":
        query = query.where(MemberCity.country == value.upper())
    elif scope == "region":
        query = query.where(MemberCity.region == value)
    else:
        return []
    return list(db.session.scalars(query.order_by(MemberCity.name, Cohort.name, Cohort.id)))


MAX_UPLOAD = 2 * 1024 * 1024  # bytes of a CSV of emails


def pending_invitations(cohort_id: int) -> list[CohortInvitation]:
    """Emails invited to the cohort that have not registered yet."""
    return list(
        db.session.scalars(
            select(CohortInvitation)
            .where(CohortInvitation.cohort_id == cohort_id, CohortInvitation.accepted_at.is_(None))
            .order_by(CohortInvitation.email)
        )
    )


def form_choices(locale: str) -> dict:
    """Cities, courses and paths for the cohort form and the admin report."""
    from mooc.courses.services import catalogue, paths_list

    cities = list(db.session.scalars(select(MemberCity).order_by(MemberCity.name)))
    countries = sorted({city.country for city in cities})
    return {
        "cities": cities,
        "countries": countries,
        "courses": catalogue(locale),
        "paths": paths_list(locale),
    }


def target_title(cohort: Cohort, locale: str) -> str:
    """The title of the cohort's course or path in `locale`."""
    from mooc.cohorts.reports import scope_of

    return scope_of(cohort, locale).title


def target_url(cohort: Cohort) -> str:
    """The page of the cohort's course or path."""
    from flask import url_for

    if cohort.course_id is not None:
        course = db.session.get(Course, cohort.course_id)
        return url_for("courses.course", slug=course.slug)
    path = db.session.get(LearningPath, cohort.path_id)
    return url_for("courses.path", slug=path.slug)


def report_context(cohort: Cohort, scope, locale: str) -> dict:
    """Everything the PDF report shows (learner rows included: a PDF is read whole anyway)."""
    from mooc.cohorts import reports
    from mooc.cohorts.chart import module_chart
    from mooc.cohorts.exports import summary_cells

    rows = list(reports.learner_rows(scope))
    summary = reports.summarise(rows)
    return {
        "cohort": cohort,
        "scope": scope,
        "summary_cells": summary_cells(summary),
        "rows": rows,
        "chart": module_chart(reports.module_completion(scope)),
        "questions": reports.item_analysis(scope, locale),
        "trainers": trainers_of(cohort.id),
        "generated_at": utcnow(),
    }


def scope_report(scope: str, value: str, locale: str) -> list[dict]:
    """Each cohort of a city, a country or a region with its title and summary."""
    from mooc.cohorts import reports

    result = []
    for cohort in cohorts_in(scope, value):
        cohort_scope = reports.scope_of(cohort, locale)
        result.append(
            {
                "cohort": cohort,
                "title": cohort_scope.title,
                "summary": reports.summarise(reports.learner_rows(cohort_scope)),
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
    city = db.session.get(MemberCity, int(value)) if value.isdigit() else None
    return city.name if city else value


def region_name(code: str) -> str:
    """A UCLG region's name in the current language."""
    from mooc.cohorts.models import REGION_NAMES

    return str(REGION_NAMES.get(code, code))


def member_count(cohort_id: int) -> int:
    """How many learners a cohort has."""
    return db.session.scalar(
        select(func.count()).select_from(CohortMember).where(CohortMember.cohort_id == cohort_id)
    )
