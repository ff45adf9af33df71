"""What an assignment operation may be refused, with the status and words of each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.errors import ServiceError


class AssignmentError(ServiceError):
    """A refused submission, review, flag or decision."""

    codes = {
        "empty": (422, _l("Write your work before handing it in.")),
        "too_long": (
            422,
            _l(
                "Your work has %(words)s words; this assignment takes at most %(max_words)s. "
                "Shorten it, then hand it in."
            ),
        ),
        "already_submitted": (
            409,
            _l("Your work is handed in. Withdraw it first to change it."),
        ),
        "graded": (409, _l("Your work is graded: it can no longer change.")),
        "not_submitted": (409, _l("Hand in your own work first; then you get work to review.")),
        "review_started": (
            409,
            _l("A review of your work has started: it can no longer be withdrawn."),
        ),
        "review_closed": (
            409,
            _l("This review is closed (done, or given to someone else after its due date)."),
        ),
        "incomplete_review": (
            422,
            _l("Choose a level for every criterion (%(missing)s) before sending the review."),
        ),
        "bad_level": (422, _l("One of the levels chosen is not a level of its criterion.")),
        "already_flagged": (409, _l("This review is already flagged.")),
        "not_flagged": (409, _l("This review is not flagged, or it was already decided.")),
        "too_long_comment": (422, _l("A comment takes at most %(chars)s characters.")),
    }
