"""Adding learners to a cohort costs the same handful of statements for 20 emails or 5,000."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from mooc.accounts.models import User
from mooc.cohorts import services
from mooc.cohorts.models import CohortInvitation, CohortMember
from mooc.extensions import db
from mooc.jobs.models import Job
from tests.cohorts.helpers import make_cohort
from tests.factories import _HASH, CityFactory


def accounts(prefix: str, count: int) -> list[str]:
    """`count` accounts created in one statement; their emails."""
    emails = [f"{prefix}{n}@example.org" for n in range(count)]
    rows = [
        {"email": e, "password_hash": _HASH, "display_name": e, "certificate_name": e}
        for e in emails
    ]
    db.session.execute(insert(User), rows)
    db.session.commit()
    return emails


def statements_and_commits(cohort, emails: list[str], count_queries) -> tuple[int, int]:
    commits = []

    def count(session):
        if not session.in_nested_transaction():
            commits.append(1)

    event.listen(Session, "after_commit", count)
    try:
        with count_queries() as counter:
            services.add_learners(cohort, list(enumerate(emails, start=1)))
    finally:
        event.remove(Session, "after_commit", count)
    return counter.count, len(commits)


def total(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


@pytest.mark.parametrize("target", ["course:demo", "path:practitioner"])
def test_twenty_or_five_thousand_learners_take_the_same_statements(
    synced, count_queries, queued, target
):
    measured = {}
    for size in (20, 5000):
        city = CityFactory(name=f"City of {size}")
        cohort, _trainer = make_cohort(name=f"Cohort {size}", city=city, target=target)
        known = accounts(f"k{size}-", size // 2)
        unknown = [f"u{size}-{n}@example.org" for n in range(size - size // 2)]
        before = queued.count()
        measured[size] = statements_and_commits(cohort, known + unknown, count_queries)
        # Everyone is invited (account or not) and joins on accepting: nobody is a member yet.
        assert total(CohortMember, cohort_id=cohort.id) == 0
        assert total(CohortInvitation, cohort_id=cohort.id) == size
        # The mail goes out in jobs of 100 invitations, queued in the same statements.
        assert queued.count() - before == -(-size // services.INVITATIONS_PER_JOB)
        assert total(Job, subject=f"cohort:{cohort.id}") == -(-size // services.INVITATIONS_PER_JOB)
    assert measured[20] == measured[5000], measured
    statements, commits = measured[5000]
    assert commits == 1
    assert statements <= 6, statements  # two reads, the invitations, the jobs (and their ids)
