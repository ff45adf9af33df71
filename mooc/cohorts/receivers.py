"""How cohorts react to other features' events (inside the transaction that sent them)."""

from __future__ import annotations

from mooc import signals
from mooc.cohorts import counters, services

REFERENCE = "cohort-invitation:"


@signals.mail_bounced.connect
def invitation_bounced(_app, *, reference, reason, **_extra) -> None:
    """An invitation's mail was refused: its trainer sees "bounced"."""
    if reference.startswith(REFERENCE) and reference[len(REFERENCE) :].isdigit():
        services.invitation_bounced(int(reference[len(REFERENCE) :]), reason)


@signals.account_closing.connect
def forget_closed_account(_app, *, user, email, **_extra) -> None:
    """A learner deleted her account: her memberships and invitations go."""
    services.forget_member(user.id, email)


@signals.lesson_completed.connect
def count_lesson(_app, *, user_id, course_id, **_extra) -> None:
    """The dashboard's counters of the learner's cohorts on the course."""
    counters.learner_worked(user_id, course_id)


@signals.quiz_graded.connect
def count_attempt(_app, *, attempt, course_id, **_extra) -> None:
    """The dashboard's counters, and its item analysis for a first attempt."""
    counters.quiz_graded(attempt, course_id)


@signals.content_syncing.connect
def count_again(_app, *, report, **_extra) -> None:
    """Archived, restored or newly required items change what every member has done (a dry
    run's writes are undone: nothing to count)."""
    if not report.dry_run:
        counters.content_synced(course.slug for course in report.tree.courses)
