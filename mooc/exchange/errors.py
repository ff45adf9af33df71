"""What the exchange may refuse, with the status and words of each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.errors import ServiceError


class ExchangeError(ServiceError):
    """A refused answer, post, mark, report or moderation step."""

    codes = {
        "not_enrolled": (403, _l("Enrol in the course to answer its reflections.")),
        "empty": (422, _l("Write something first.")),
        "too_long": (422, _l("This text is too long (at most %(limit)s characters).")),
        "not_shared": (422, _l("Share your answer first: then you see the others'.")),
        "no_cohort": (422, _l("You are not in a cohort of this course.")),
        "muted": (403, _l("A trainer has paused your posting in this cohort.")),
        "too_fast": (429, _l("You are posting very fast: wait a minute and try again.")),
        "bad_reason": (422, _l("Say briefly why you report this.")),
        "bad_digest": (422, _l("Choose how often you receive the digest.")),
        "bad_module": (422, _l("Choose a module of the course.")),
        "bad_confirmation": (422, _l("Type DELETE to confirm.")),
    }
