"""What a credential operation may be refused."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.errors import ServiceError


class CredentialError(ServiceError):
    """A refused credential operation."""

    codes = {
        "no_slot": (503, _l("No status entry is free for a new credential. Try again.")),
        "slot_taken": (
            409,
            _l("Another certificate was issued at the same moment. Please try again."),
        ),
    }
