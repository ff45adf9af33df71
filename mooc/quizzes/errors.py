"""What a quiz submission may be refused, with the status and words of each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.errors import ServiceError


class QuizError(ServiceError):
    """A refused submission."""

    codes = {
        "no_attempts_left": (409, _l("You have used every attempt allowed for this quiz.")),
        "invalid_answer": (
            422,
            _l("One of your answers is not one of the options. Please try again."),
        ),
        "unanswered": (
            422,
            _l(
                "%(count)s questions have no answer. An unanswered question counts as wrong and "
                "the submission uses an attempt."
            ),
        ),
        "stale_attempt": (
            409,
            _l("This attempt was already submitted. Here is your next attempt."),
        ),
        "grant_reason": (422, _l("Say why you grant the attempts.")),
        "grant_extra": (422, _l("Grant between 1 and 10 attempts.")),
        "grant_refused": (
            403,
            _l("You may grant attempts only to the learners of your cohorts on this course."),
        ),
    }
