"""Learning events become statements in the outbox, in the event's own transaction (nothing at
all when no LRS is configured)."""

from __future__ import annotations

from typing import Any

from mooc import signals
from mooc.xapi import activities, services
from mooc.xapi.statements import Activity, build, enabled, platform, score


def _for_learners(user_ids: list[int], verb: str, activity: Activity | None, **extra) -> None:
    if activity is None:
        return
    services.record(
        [
            (learner.id, verb, build(learner, verb, activity, **extra))
            for learner in activities.learners(list(user_ids))
        ]
    )


def _for_learner(user_id: int, verb: str, activity: Activity | None, **extra) -> None:
    _for_learners([user_id], verb, activity, **extra)


@signals.user_registered.connect
def registered(_app, *, user, **_extra) -> None:
    """A new account registered with the platform."""
    if enabled():
        _for_learner(user.id, "registered", platform(), moment=user.created_at)


@signals.course_enrolled.connect
def course_enrolled(_app, *, user_ids, course_id, **_extra) -> None:
    """Learners (one, or a cohort's many) registered for a course."""
    if enabled() and user_ids:
        _for_learners(user_ids, "registered", activities.course(course_id))


@signals.path_enrolled.connect
def path_enrolled(_app, *, user_ids, path_id, **_extra) -> None:
    """Learners registered for a learning path."""
    if enabled() and user_ids:
        _for_learners(user_ids, "registered", activities.path(path_id))


@signals.lesson_completed.connect
def lesson_completed(_app, *, user_id, lesson_id, **_extra) -> None:
    """A learner completed a reading lesson (in its course)."""
    if enabled() and (found := activities.item(lesson_id)) is not None:
        lesson, course = found
        _for_learner(user_id, "completed", lesson, parent=course)


@signals.quiz_graded.connect
def quiz_attempted(_app, *, attempt, **_extra) -> None:
    """A learner attempted a quiz: her score (percent) and whether it passed."""
    if enabled() and (found := activities.item(attempt.lesson_id)) is not None:
        quiz, course = found
        result = score(round(float(attempt.score), 2), 100, attempt.passed)
        _for_learner(
            attempt.user_id,
            "attempted",
            quiz,
            parent=course,
            result=result,
            moment=attempt.created_at,
        )


@signals.assignment_submitted.connect
def assignment_submitted(_app, *, submission, **_extra) -> None:
    """A learner submitted an assignment."""
    if enabled() and (found := activities.item(submission.lesson_id)) is not None:
        work, course = found
        moment = getattr(submission, "submitted_at", None)
        _for_learner(submission.user_id, "submitted", work, parent=course, moment=moment)


@signals.assignment_graded.connect
def assignment_graded(_app, *, submission, **_extra) -> None:
    """A learner's assignment got its grade: points out of the rubric's, passed or not."""
    if enabled() and (found := activities.item(submission.lesson_id)) is not None:
        work, course = found
        result = grade(submission)
        moment = getattr(submission, "graded_at", None)
        _for_learner(
            submission.user_id, "scored", work, parent=course, result=result, moment=moment
        )


def grade(submission: Any) -> dict[str, Any]:
    """The result of a graded submission (points out of the rubric's maximum)."""
    points, maximum = getattr(submission, "points", None), getattr(submission, "max_points", None)
    passed = getattr(submission, "passed", None)
    if points is None or not maximum:
        return {"completion": True, **({"success": bool(passed)} if passed is not None else {})}
    return score(points, maximum, passed)


@signals.course_completed.connect
def course_completed(_app, *, user_id, course_id, completed_at=None, **_extra) -> None:
    """A learner completed a course."""
    if enabled():
        _for_learner(user_id, "completed", activities.course(course_id), moment=completed_at)


@signals.certificate_issued.connect
def certificate_earned(_app, *, certificate, **_extra) -> None:
    """A learner earned a certificate (of a course or a path)."""
    if enabled():
        badge, parent = activities.certificate(certificate)
        _for_learner(
            certificate.user_id, "earned", badge, parent=parent, moment=certificate.issued_at
        )
