"""How courses react to other features' events (inside the transaction that sent them)."""

from __future__ import annotations

from mooc import signals
from mooc.courses import services


@signals.members_added.connect
def enrol_members(_app, *, user_ids, course_id=None, path_id=None, **_extra) -> None:
    """A cohort's new members are enrolled in its course, or follow its path."""
    if course_id is not None:
        services.enrol_many(user_ids, course_id)
    elif path_id is not None:
        services.enrol_path_many(user_ids, path_id)


@signals.quiz_graded.connect
def complete_after_quiz(_app, *, attempt, course_id, **_extra) -> None:
    """A passed quiz may be the last required item of its course."""
    if attempt.passed:
        services.stamp_if_complete(attempt.user_id, course_id)


@signals.assignment_graded.connect
def complete_after_assignment(_app, *, submission, course_id, **_extra) -> None:
    """A passed assignment may be the last required item of its course."""
    if submission.passed:
        services.stamp_if_complete(submission.user_id, course_id)


@signals.item_opened.connect
def remember_item(_app, *, state, item, **_extra) -> None:
    """Where the learner left off: the last item opened (a quiz page, say)."""
    services.remember(state, item)
