"""The assignment section of a cohort's exports (CSV, Excel, PDF): one row per learner and
assignment handed in or started, kept apart so that the cohort exports only add it."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from mooc.assignments.dashboard import summaries
from mooc.cohorts.models import Cohort


def headers() -> list[str]:
    """Column headings in the current language."""
    return [
        gettext("Assignment"),
        gettext("Name"),
        gettext("Status"),
        gettext("Words"),
        gettext("Reviews done"),
        gettext("Grade (%)"),
        gettext("Passed"),
    ]


def rows(cohort: Cohort, locale: str) -> list[list[Any]]:
    """One row per learner and assignment of the cohort (drafts included, without a grade)."""
    statuses = {
        "draft": gettext("Draft"),
        "submitted": gettext("Waiting for reviews"),
        "graded": gettext("Graded"),
    }
    yes, no = gettext("yes"), gettext("no")
    found = []
    for summary in summaries(cohort, locale):
        for submission, name, done in summary.rows:
            percent = submission.percent
            found.append(
                [
                    summary.title,
                    name,
                    statuses.get(submission.status, submission.status),
                    submission.words,
                    done,
                    round(percent) if percent is not None else None,
                    "" if submission.passed is None else yes if submission.passed else no,
                ]
            )
    return found
