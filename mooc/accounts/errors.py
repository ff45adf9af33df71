"""What an account operation may be refused, with the status and words of each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.errors import ServiceError

LOGIN_FAILED = _l("The email or the password is not correct.")
REGISTERED = _l(
    "If this email was free, the account is created: ask for a token with it. If it was "
    "already in use, its owner receives a mail."
)


class AccountError(ServiceError):
    """A refused account operation."""

    codes = {
        "email_taken": (
            409,
            _l(
                "This email cannot be used to create an account. If you already have one, sign "
                "in or reset your password."
            ),
        ),
        "unknown_city": (422, _l("Choose a city from the list.")),
        "unknown_role": (422, _l("Choose one of the options.")),
        "unknown_email": (404, _l("No account has this email.")),
        "wrong_password": (422, _l("Your current password is not correct.")),
        "invalid_reset_link": (
            422,
            _l("This link has expired or was already used. Ask for a new one."),
        ),
        "login_failed": (401, LOGIN_FAILED),
        "not_a_trainer": (422, _l("No trainer account has this email.")),
    }
