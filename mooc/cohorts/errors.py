"""What a cohort operation may be refused, with the status and words of each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.errors import ServiceError


class CohortError(ServiceError):
    """A refused cohort operation."""

    codes = {
        "unknown_city": (422, _l("Choose a city from the list.")),
        "unknown_target": (422, _l("Choose a course or a learning path from the list.")),
        "dates": (422, _l("The end date comes before the start date.")),
        "not_a_trainer": (422, _l("No trainer account has this email.")),
        "not_a_trainer_here": (
            422,
            _l(
                "This trainer does not work for the cohort's city: an administrator attaches "
                "trainers to cities."
            ),
        ),
        "not_your_city": (
            422,
            _l("You create cohorts only for the cities an administrator attached you to."),
        ),
        "encoding": (
            422,
            _l("The file is not UTF-8 text: save it as 'CSV UTF-8' and try again."),
        ),
        "too_many": (422, _l("Add at most 5,000 learners at a time.")),
        "too_large": (422, _l("The file is larger than 2 MB: split it and add each part.")),
        "not_pending": (409, _l("This invitation was already accepted or declined.")),
        "declined": (409, _l("You declined this invitation. Ask the trainer for a new one.")),
    }
