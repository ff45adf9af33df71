"""Who a reminder goes to: the cohort's learners with no activity for some days."""

from __future__ import annotations

from datetime import timedelta

from mooc.clock import utcnow
from mooc.cohorts.reports import LearnerRow, Scope, learner_rows

MAX_DAYS = 365


def inactive(scope: Scope, days: int) -> list[LearnerRow]:
    """Learners who did nothing in the course (or path) for `days` days, or never, and who have
    not completed it."""
    since = utcnow() - timedelta(days=days)
    return [
        row
        for row in learner_rows(scope)
        if not row.completed and (row.last_activity is None or row.last_activity < since)
    ]
