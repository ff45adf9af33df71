"""Input and output schemas for accounts, shared by the pages and the API."""

from __future__ import annotations

import unicodedata
from functools import cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate, validates_schema

from mooc.accounts.models import ROLES
from mooc.schemas import (
    MESSAGES,
    REQUIRED,
    InputSchema,
    OutputSchema,
    UtcDateTime,
    choice,
    email_field,
    text,
)

PASSWORD = {"minimum": 8, "maximum": 128}
COMMON_PASSWORD = _l(
    "This password is one of the most common ones, the first an attacker tries: choose another."
)


@cache
def common_passwords() -> frozenset[str]:
    """The most common passwords of 8 characters or more (zxcvbn's list of 30,000, offline)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word for word in FREQUENCY_LISTS["passwords"] if len(word) >= 8)


def not_common(value: str) -> None:
    if value.lower() in common_passwords() or value.strip().lower() in common_passwords():
        raise ValidationError(str(COMMON_PASSWORD))


class Password(fields.String):
    """A password as typed: never trimmed (spaces count), NUL refused by the schema."""


# Bidirectional controls (U+202A–U+202E, U+2066–U+2069, marks) reorder what follows them: a
# name could print as another; control and format characters print as nothing or garbage.
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
NAME_CHARACTERS = _l(
    "Use letters, marks, digits, spaces and punctuation only: invisible control characters "
    "(such as text-direction overrides) cannot be printed."
)


def printable_name(value: str) -> None:
    """Refuse control characters and direction overrides in a name (joiners stay: Indic and
    Arabic scripts need U+200C and U+200D)."""
    for char in value:
        category = unicodedata.category(char)
        if (
            char in BIDI_CONTROLS
            or category in ("Cc", "Cs", "Co", "Cn")
            or (category == "Cf" and char not in "\u200c\u200d")
        ):
            raise ValidationError(str(NAME_CHARACTERS))


def password_field() -> fields.String:
    """A new password: 8 to 128 characters, kept as typed, not one of the most common."""
    checks = [
        validate.Length(
            min=PASSWORD["minimum"],
            max=PASSWORD["maximum"],
            error=_l("Use between {min} and {max} characters."),
        ),
        not_common,
    ]
    return Password(required=True, validate=checks, error_messages=MESSAGES, load_only=True)


def typed_password() -> fields.String:
    """A password to check (sign-in, current password): as typed, at most 128 characters."""
    checks = [
        validate.Length(min=1, error=REQUIRED),
        validate.Length(max=PASSWORD["maximum"], error=_l("Use at most {max} characters.")),
    ]
    return Password(required=True, validate=checks, error_messages=MESSAGES, load_only=True)


def languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


class RegisterSchema(InputSchema):
    """A new account."""

    email = email_field()
    password = password_field()
    display_name = text(maximum=200, validate_also=[printable_name])
    certificate_name = text(required=False, maximum=200, validate_also=[printable_name])
    city_id = fields.Integer(required=False, allow_none=True, error_messages=MESSAGES)
    language = fields.String(required=False, error_messages=MESSAGES)

    @validates_schema
    def known_language(self, data, **kwargs):
        if "language" in data and data["language"] not in languages():
            raise ValidationError(_l("Choose one of the options."), "language")


class LoginSchema(InputSchema):
    """Email and password."""

    email = text(maximum=254)
    password = typed_password()


class ProfileSchema(RegisterSchema):
    """The fields a user may change on their profile."""

    class Meta(InputSchema.Meta):
        exclude = ("email", "password")


class PasswordChangeSchema(InputSchema):
    """Current and new password."""

    current_password = typed_password()
    new_password = password_field()


class ForgotSchema(InputSchema):
    """The email to send a reset link to."""

    email = text(maximum=254)


class ResetSchema(InputSchema):
    """A new password from a reset link."""

    new_password = password_field()


class TokenLoginSchema(InputSchema):
    """Email, password and a name for the token a script or app will use."""

    email = text(maximum=254)
    password = typed_password()
    name = text(maximum=100)


class TokenCreateSchema(InputSchema):
    """A name for a new API token."""

    name = text(maximum=100)


class UserSchema(OutputSchema):
    """What a user sees of their own account."""

    email = fields.String()
    display_name = fields.String()
    certificate_name = fields.String()
    city_id = fields.Integer(allow_none=True)
    language = fields.String()
    role = fields.String()


class AcceptedSchema(OutputSchema):
    """A request taken in, whose outcome the answer does not tell."""

    message = fields.String()


class TokenSchema(OutputSchema):
    """An API token as listed (never its value)."""

    id = fields.Integer()
    name = fields.String()
    created_at = UtcDateTime()
    last_used_at = UtcDateTime(allow_none=True)


class NewTokenSchema(OutputSchema):
    """A token just created, its value shown this once: `{"token": plain, "row": ApiToken}`."""

    id = fields.Integer(attribute="row.id")
    name = fields.String(attribute="row.name")
    created_at = UtcDateTime(attribute="row.created_at")
    last_used_at = UtcDateTime(allow_none=True, attribute="row.last_used_at")
    token = fields.String()


class UserCreateSchema(RegisterSchema):
    """Admins and the CLI may set a role."""

    role = choice(ROLES, required=False)
