"""Adding learners to a cohort: emails typed or in a CSV file, and invitations for emails that
have no account yet (accepted when they register)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import select

from mooc.accounts.models import User
from mooc.accounts.services import normalize_email
from mooc.cohorts.models import Cohort, CohortInvitation, CohortMember
from mooc.cohorts.services import CohortError, add_member, enrol_in_target
from mooc.courses.models.progress import utcnow
from mooc.extensions import db

MAX_EMAILS = 5000  # per request or file: larger lists are split by the trainer
EMAIL_COLUMNS = ("email", "e-mail", "courriel", "correo", "correo electrónico")
MAX_UPLOAD = 2 * 1024 * 1024  # bytes of a CSV of emails


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
    if len(data) > MAX_UPLOAD:
        raise CohortError("too_large", "file")
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


def pending_invitations(cohort_id: int) -> list[CohortInvitation]:
    """Emails invited to the cohort that have not registered yet."""
    return list(
        db.session.scalars(
            select(CohortInvitation)
            .where(CohortInvitation.cohort_id == cohort_id, CohortInvitation.accepted_at.is_(None))
            .order_by(CohortInvitation.email)
        )
    )
