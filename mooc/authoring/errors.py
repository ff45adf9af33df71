"""What publishing may be refused, with the status and words of each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.errors import ServiceError


class AuthoringError(ServiceError):
    """A refused publish: the folder changed since the author confirmed, or it has errors."""

    codes = {
        "changed": (
            409,
            _l(
                "The content folder changed since you looked at it: read what publishing "
                "would do now, then confirm again."
            ),
        ),
        "errors": (
            422,
            _l("Nothing was published: the content folder has errors. Fix them and try again."),
        ),
    }
