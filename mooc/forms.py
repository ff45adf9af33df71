"""Reading HTML forms with the same schemas as the API."""

from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import Schema, ValidationError

from mooc.schemas import messages


def form_data(schema: Schema) -> dict[str, Any]:
    """The submitted fields the schema knows, empty optional values dropped."""
    data: dict[str, Any] = {}
    for name, field in schema.fields.items():
        if field.dump_only or name not in request.form:
            continue
        value = request.form.get(name, "")
        if value == "" and not field.required:
            if getattr(field, "allow_none", False):
                data[name] = None
            continue
        data[name] = value
    return data


def load_form(schema: Schema) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
    """(data, {}) when valid, else (None, errors by field)."""
    try:
        return schema.load(form_data(schema)), {}
    except ValidationError as error:
        return None, messages(error)
