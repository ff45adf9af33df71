"""Input and output schemas for accounts, shared by the pages and the API."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validates_schema

from mooc.accounts.models import ROLES
from mooc.schemas import (
    MESSAGES,
    InputSchema,
    OutputSchema,
    UtcDateTime,
    choice,
    email_field,
    text,
)

PASSWORD = {"minimum": 8, "maximum": 128}


def password_field() -> fields.String:
    """A password: 8 to 128 characters, kept as typed."""
    return text(**PASSWORD, load_only=True)


def languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


class RegisterSchema(InputSchema):
    """A new account."""

    email = email_field()
    password = password_field()
    display_name = text(maximum=200)
    certificate_name = text(required=False, maximum=200)
    city_id = fields.Integer(required=False, allow_none=True, error_messages=MESSAGES)
    language = fields.String(required=False, error_messages=MESSAGES)

    @validates_schema
    def known_language(self, data, **kwargs):
        if "language" in data and data["language"] not in languages():
            raise ValidationError(_l("Choose one of the options."), "language")


class LoginSchema(InputSchema):
    """Email and password."""

    email = text(maximum=254)
    password = text(maximum=128, load_only=True)


class ProfileSchema(RegisterSchema):
    """The fields a user may change on their profile."""

    class Meta(InputSchema.Meta):
        exclude = ("email", "password")


class PasswordChangeSchema(InputSchema):
    """Current and new password."""

    current_password = text(maximum=128, load_only=True)
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
    password = text(maximum=128, load_only=True)
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
