"""What a certificate operation may be refused, with the status and words of each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.errors import ServiceError


class CertificateError(ServiceError):
    """A refused certificate operation."""

    codes = {
        "not_eligible": (403, _l("You do not meet the requirements for the certificate yet.")),
        "path_not_eligible": (
            403,
            _l("You have not completed every course of this path yet."),
            "not_eligible",
        ),
        "no_cohort": (404, _l("No cohort has this id.")),
    }
