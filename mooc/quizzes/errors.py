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
    }
