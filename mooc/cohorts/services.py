"""Cohort operations, each one transaction: create and edit a cohort, its join link and
trainers, and its learners (by link, by email or CSV, and invitations accepted at registration).

Adding learners uses bulk statements: their number does not grow with the number of emails.
New members are announced with `members_added`; the courses feature enrols them."""

from __future__ import annotations

import base64
import secrets
from datetime import date

from sqlalchemy import select, update

from mooc import signals
from mooc.accounts.models import User
from mooc.accounts.queries import normalize_email
from mooc.cities.queries import city_exists
from mooc.clock import utcnow
from mooc.cohorts.emails import MAX_EMAILS, Enrolled
from mooc.cohorts.errors import CohortError
from mooc.cohorts.models import Cohort, CohortInvitation, CohortMember, CohortTrainer
from mooc.cohorts.queries import by_join_code
from mooc.courses.models import Course, LearningPath
from mooc.extensions import db
from mooc.transactions import insert_once, insert_rows, transactional


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


@transactional
def create(
    trainer: User,
    name: str,
    city_id: int,
    target: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Cohort:
    """Create a cohort run by `trainer`, with a fresh join code."""
    if not city_exists(city_id):
        raise CohortError("unknown_city", "city_id")
    course, path = target_of(target)
    check_dates(starts_on, ends_on)
    cohort = Cohort(
        name=name,
        city_id=city_id,
        course=course,
        path=path,
        starts_on=starts_on,
        ends_on=ends_on,
        join_code=new_join_code(),
    )
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortTrainer(cohort_id=cohort.id, user_id=trainer.id))
    return cohort


@transactional
def update_cohort(cohort: Cohort, **changes) -> Cohort:
    """Change a cohort's name, city or dates (its course or path stays: progress depends on it)."""
    if "city_id" in changes and not city_exists(changes["city_id"]):
        raise CohortError("unknown_city", "city_id")
    check_dates(changes.get("starts_on", cohort.starts_on), changes.get("ends_on", cohort.ends_on))
    for key in ("name", "city_id", "starts_on", "ends_on"):
        if key in changes:
            setattr(cohort, key, changes[key])
    return cohort


@transactional
def regenerate_code(cohort: Cohort) -> str:
    """A new join code; the old link stops working."""
    cohort.join_code = new_join_code()
    return cohort.join_code


@transactional
def add_trainer(cohort: Cohort, email: str) -> User:
    """Another trainer (an account with the trainer or admin role) for the cohort."""
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None or not user.has_role("trainer"):
        raise CohortError("not_a_trainer", "email")
    insert_once(CohortTrainer, {"cohort_id": cohort.id, "user_id": user.id})
    return user


def announce(cohort: Cohort, user_ids: list[int]) -> None:
    """Tell the features that react to new members (courses enrol them) who they are."""
    if user_ids:
        signals.send(
            signals.members_added,
            user_ids=user_ids,
            course_id=cohort.course_id,
            path_id=cohort.path_id,
            cohort_id=cohort.id,
        )


@transactional
def join(user: User, code: str) -> Cohort:
    """A learner joins through the cohort's link (idempotent) and is enrolled."""
    cohort = by_join_code(code)
    if cohort is None:
        raise CohortError("not_found")
    values = {"cohort_id": cohort.id, "user_id": user.id, "how": "link", "joined_at": utcnow()}
    insert_once(CohortMember, values)
    # Enrolled even when already a member: a member who left the course finds it again.
    announce(cohort, [user.id])
    return cohort


@transactional
def add_learners(cohort: Cohort, emails: list[tuple[int, str]], how: str = "email") -> Enrolled:
    """Add learners by email: members when they have an account, invitations otherwise (they
    join when they register with that email)."""
    if len(emails) > MAX_EMAILS:
        raise CohortError("too_many")
    report = Enrolled()
    wanted = sorted({normalize_email(email) for _line, email in emails})
    if not wanted:
        return report
    found = db.session.execute(select(User.email, User.id).where(User.email.in_(wanted)))
    users = {email: user_id for email, user_id in found}
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
    now = utcnow()
    new_members = [u for u in users.values() if u not in members]
    new_invitations = [e for e in wanted if e not in users and e not in invited]
    report.added = len(new_members)
    report.invited = len(new_invitations)
    report.already = len(wanted) - report.added - report.invited
    insert_rows(
        CohortMember,
        [{"cohort_id": cohort.id, "user_id": u, "how": how, "joined_at": now} for u in new_members],
    )
    insert_rows(
        CohortInvitation,
        [{"cohort_id": cohort.id, "email": e, "created_at": now} for e in new_invitations],
    )
    announce(cohort, sorted(new_members))
    return report


@transactional
def accept_invitations(user: User) -> list[Cohort]:
    """A newly registered learner joins every cohort that invited their email."""
    cohorts = list(
        db.session.scalars(
            select(Cohort)
            .join(CohortInvitation, CohortInvitation.cohort_id == Cohort.id)
            .where(CohortInvitation.email == user.email, CohortInvitation.accepted_at.is_(None))
            .order_by(Cohort.id)
        )
    )
    if not cohorts:
        return []
    now = utcnow()
    db.session.execute(
        update(CohortInvitation)
        .where(CohortInvitation.email == user.email, CohortInvitation.accepted_at.is_(None))
        .values(accepted_at=now)
    )
    for cohort in cohorts:
        values = {"cohort_id": cohort.id, "user_id": user.id, "how": "invitation", "joined_at": now}
        if insert_once(CohortMember, values):
            announce(cohort, [user.id])
    return cohorts
