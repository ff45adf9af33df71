"""Schema helpers shared by every feature: strict input, translated error messages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate

REQUIRED = _l("This field is required.")
INVALID = _l("This value is not valid.")
MESSAGES = {"required": REQUIRED, "null": REQUIRED, "invalid": INVALID}
# The largest value of an `Integer` column (32 bits on PostgreSQL).
MAX_INTEGER = 2**31 - 1


class InputSchema(Schema):
    """Rejects unknown fields, so that a typo in a request never passes silently."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": _l("Unknown field."), "type": _l("Invalid input.")}

    @pre_load
    def storable(self, data: Any, **kwargs: Any) -> Any:
        """Refuse what no column can hold (NUL in text, numbers past 32 bits) as invalid input,
        instead of failing in the database."""
        if isinstance(data, dict):
            bad = sorted(str(key) for key, value in data.items() if not _storable(key, value))
            if bad:
                raise ValidationError({key: [str(INVALID)] for key in bad})
        return data


def _storable(key: Any, value: Any) -> bool:
    if isinstance(key, str) and "\x00" in key:
        return False
    if isinstance(value, str):
        return "\x00" not in value
    if isinstance(value, bool):
        return True
    if isinstance(value, int | float):
        return abs(value) <= MAX_INTEGER
    if isinstance(value, dict):
        return all(_storable(k, v) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(None, v) for v in value)
    return True


class OutputSchema(Schema):
    """Serialises plain data or model objects for the API."""


class Itself(fields.Nested):
    """A nested schema that dumps the object being dumped itself (groups fields in the output,
    and OpenAPI documents it as the nested schema)."""

    def serialize(self, attr: str, obj: Any, accessor=None, **kwargs: Any):
        return self._serialize(obj, attr, obj, **kwargs)


class UtcDateTime(fields.DateTime):
    """A `*_at` column (naive UTC) as RFC 3339 with its offset, as `date-time` requires."""

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def text(
    required: bool = True,
    maximum: int = 200,
    minimum: int = 0,
    validate_also: list | None = None,
    **kwargs: Any,
) -> fields.String:
    """A trimmed text field with a length limit and translated messages (and the checks of
    `validate_also`)."""
    checks = [
        validate.Length(
            min=minimum or None,
            max=maximum,
            # Formatted by marshmallow when it validates, so in the request's language.
            error=_l("Use between {min} and {max} characters.")
            if minimum
            else _l("Use at most {max} characters."),
        )
    ]
    if required:
        checks.append(validate.Length(min=1, error=REQUIRED))
    checks.extend(validate_also or ())
    return Trimmed(required=required, validate=checks, error_messages=MESSAGES, **kwargs)


class Trimmed(fields.String):
    """A string with surrounding white space removed."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


def email_field() -> fields.String:
    """An email address (trimmed; services case-fold it)."""
    return Trimmed(
        required=True,
        validate=[
            validate.Length(max=254, error=_l("Use at most {max} characters.")),
            validate.Email(error=_l("Enter a valid email address.")),
        ],
        error_messages=MESSAGES,
    )


def choice(values: tuple[str, ...], required: bool = True, **kwargs: Any) -> fields.String:
    """One of a fixed set of values."""
    return fields.String(
        required=required,
        validate=validate.OneOf(values, error=_l("Choose one of the options.")),
        error_messages=MESSAGES,
        **kwargs,
    )


def messages(error: ValidationError) -> dict[str, list[str]]:
    """Field errors as translated strings (lazy messages are rendered now)."""
    found = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    out: dict[str, list[str]] = {}
    for name, value in found.items():
        items = value if isinstance(value, list) else [value]
        out[name] = [
            str(item) if not isinstance(item, dict) else str(_l("This value is not valid."))
            for item in items
        ]
    return out
