"""Cohort operations, each one transaction: create and edit a cohort, its join link and
trainers, and its learners (by link, or invited by email or CSV and accepting the invitation);
reminders, and the large reports and archives that workers prepare.

Adding learners uses bulk statements: their number does not grow with the number of emails.
New members are announced with `members_added`; the courses feature enrols them."""

from __future__ import annotations

import base64
import secrets
from datetime import date

from sqlalchemy import delete, select

from mooc import signals
from mooc.accounts.models import User
from mooc.accounts.queries import may_run_cohorts_in, normalize_email
from mooc.cities.queries import city_exists
from mooc.clock import utcnow
from mooc.cohorts import counters
from mooc.cohorts.emails import MAX_EMAILS, Enrolled
from mooc.cohorts.errors import CohortError
from mooc.cohorts.models import Cohort, CohortInvitation, CohortMember, CohortTrainer
from mooc.cohorts.queries import by_join_code
from mooc.courses.models import Course, LearningPath
from mooc.extensions import db
from mooc.jobs import enqueue, enqueue_many, new_key
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
    """Create a cohort run by `trainer`, with a fresh join code, for one of her cities."""
    if not city_exists(city_id):
        raise CohortError("unknown_city", "city_id")
    course, path = target_of(target)
    if not may_run_cohorts_in(trainer, city_id):
        raise CohortError("not_your_city", "city_id")
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
def update_cohort(cohort: Cohort, by: User | None = None, **changes) -> Cohort:
    """Change a cohort's name, city or dates (its course or path stays: progress depends on it);
    a trainer moves it only to one of her cities."""
    if "city_id" in changes and not city_exists(changes["city_id"]):
        raise CohortError("unknown_city", "city_id")
    moved = "city_id" in changes and changes["city_id"] != cohort.city_id
    if moved and by is not None and not may_run_cohorts_in(by, changes["city_id"]):
        raise CohortError("not_your_city", "city_id")
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
    if not may_run_cohorts_in(user, cohort.city_id):
        raise CohortError("not_a_trainer_here", "email")
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
    new = insert_once(CohortMember, values)
    # Enrolled even when already a member: a member who left the course finds it again.
    announce(cohort, [user.id])
    if new:
        counters.member_joined(cohort, user.id)
    return cohort


INVITATIONS_PER_JOB = 100  # mails one job sends in turn; more emails make more jobs


@transactional
def add_learners(
    cohort: Cohort,
    emails: list[tuple[int, str]],
    how: str = "email",
    trainer: User | None = None,
    locale: str = "en",
) -> Enrolled:
    """Invite learners by email, whether they have an account or not: each one is mailed the
    invitation and becomes a member only when she accepts it (consent). The report tells new
    invitations from emails already invited or in the cohort, never whether an account exists.
    A fixed number of statements, whatever the number of emails."""
    if len(emails) > MAX_EMAILS:
        raise CohortError("too_many")
    report = Enrolled()
    wanted = sorted({normalize_email(email) for _line, email in emails})
    if not wanted:
        return report
    members = set(
        db.session.scalars(
            select(User.email)
            .join(CohortMember, CohortMember.user_id == User.id)
            .where(CohortMember.cohort_id == cohort.id, User.email.in_(wanted))
        )
    )
    invited = set(
        db.session.scalars(
            select(CohortInvitation.email).where(
                CohortInvitation.cohort_id == cohort.id, CohortInvitation.email.in_(wanted)
            )
        )
    )
    new = [e for e in wanted if e not in members and e not in invited]
    report.invited, report.already = len(new), len(wanted) - len(new)
    if new:
        now = utcnow()
        by = trainer.id if trainer is not None else None
        insert_rows(
            CohortInvitation,
            [
                {
                    "cohort_id": cohort.id,
                    "email": e,
                    "created_at": now,
                    "status": "pending",
                    "invited_by_id": by,
                    "sent_count": 0,
                    "mail_status": "",
                    "bounce_reason": "",
                }
                for e in new
            ],
        )
        batches = [
            new[i : i + INVITATIONS_PER_JOB] for i in range(0, len(new), INVITATIONS_PER_JOB)
        ]
        enqueue_many(
            INVITATION_MAILS,
            [
                (new_key(INVITATION_MAILS), invitation_params(cohort, batch, 1, by, locale))
                for batch in batches
            ],
            subject=f"cohort:{cohort.id}",
        )
    return report


INVITATION_MAILS = "cohorts.invitations"


def invitation_params(cohort: Cohort, emails: list[str], send: int, by, locale: str) -> dict:
    """What the invitation job needs: whom to mail, which sending this is (a resend is the
    next one), who invites, and the language for people without an account."""
    return {"cohort": cohort.id, "emails": emails, "send": send, "trainer": by, "locale": locale}


@transactional
def resend_invitation(cohort: Cohort, invitation_id: int, trainer: User, locale: str = "en"):
    """Mail a pending invitation again (once per click: a second click before the first mail
    left is the same job)."""
    invitation = db.session.get(CohortInvitation, invitation_id)
    if invitation is None or invitation.cohort_id != cohort.id:
        raise CohortError("not_found")
    if invitation.status != "pending":
        raise CohortError("not_pending")
    send = invitation.sent_count + 1
    params = invitation_params(cohort, [invitation.email], send, trainer.id, locale)
    return enqueue(
        INVITATION_MAILS,
        params,
        key=f"cohort-invitation:{invitation.id}:{send}",
        subject=f"cohort:{cohort.id}",
    )


@transactional
def invitation_mailed(invitation_id: int, send: int, outcome: str) -> None:
    """Record that the `send`-th mail of an invitation left (or bounced, or was not sent
    because the address unsubscribed)."""
    invitation = db.session.get(CohortInvitation, invitation_id)
    if invitation is None or invitation.sent_count >= send:
        return
    invitation.sent_count, invitation.last_sent_at = send, utcnow()
    invitation.mail_status = outcome


@transactional
def invitation_bounced(invitation_id: int, reason: str) -> None:
    """The invitation's mail did not reach its address (shown to the trainer)."""
    invitation = db.session.get(CohortInvitation, invitation_id)
    if invitation is not None:
        invitation.mail_status, invitation.bounced_at = "bounced", utcnow()
        invitation.bounce_reason = reason[:1000]


@transactional
def accept_invitation(user: User, invitation: CohortInvitation) -> Cohort:
    """The learner accepts (her own act, signed in): she joins the cohort and is enrolled in
    its course or path. Accepting twice changes nothing."""
    if invitation.status == "declined":
        raise CohortError("declined")
    cohort = db.session.get(Cohort, invitation.cohort_id)
    now = utcnow()
    if invitation.status != "accepted":
        invitation.status, invitation.accepted_at = "accepted", now
    values = {"cohort_id": cohort.id, "user_id": user.id, "how": "invitation", "joined_at": now}
    if insert_once(CohortMember, values):
        announce(cohort, [user.id])
        counters.member_joined(cohort, user.id)
    return cohort


@transactional
def decline_invitation(invitation: CohortInvitation) -> None:
    """The person declines: the trainer sees it, and no more invitation mail is sent."""
    if invitation.status == "pending":
        invitation.status, invitation.declined_at = "declined", utcnow()


REMINDERS = "cohorts.reminders"


@transactional
def send_reminders(cohort: Cohort, trainer: User, days: int, message: str, user_ids: list[int]):
    """Mail a reminder to the learners counted on the preview (`user_ids`, chosen by days
    inactive), in a worker; each recipient once even if the job runs again."""
    params = {
        "cohort": cohort.id,
        "trainer": trainer.id,
        "days": days,
        "message": message,
        "users": user_ids,
    }
    return enqueue(
        REMINDERS, params, subject=f"cohort:{cohort.id}", owner_id=trainer.id, total=len(user_ids)
    )


REPORT, ARCHIVE = "cohorts.report", "cohorts.certificates_zip"


@transactional
def start_report(cohort: Cohort, trainer: User, fmt: str, locale: str):
    """Prepare a large report (PDF or Excel) in a worker; its page links the file."""
    params = {"cohort": cohort.id, "format": fmt, "locale": locale}
    return enqueue(REPORT, params, subject=f"cohort:{cohort.id}", owner_id=trainer.id)


@transactional
def start_archive(cohort: Cohort, trainer: User):
    """Prepare the ZIP of the cohort's valid certificates in a worker."""
    return enqueue(
        ARCHIVE, {"cohort": cohort.id}, subject=f"cohort:{cohort.id}", owner_id=trainer.id
    )


@transactional
def forget_member(user_id: int, email: str) -> None:
    """A deleted account: her memberships (and what the dashboard's counters hold of her) and
    the invitations sent to her address go."""
    from mooc.cohorts import counters

    counters.members_leaving([user_id])
    db.session.execute(delete(CohortMember).where(CohortMember.user_id == user_id))
    db.session.execute(delete(CohortInvitation).where(CohortInvitation.email == email))
