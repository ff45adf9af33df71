"""URL converters: a path value the database cannot hold is a 404, never a database error."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

from mooc.schemas import MAX_INTEGER


class BoundedIntegerConverter(IntegerConverter):
    """`<int:…>` up to the largest value an `Integer` column holds."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, **kwargs) -> None:
        kwargs.setdefault("max", MAX_INTEGER)
        super().__init__(map, fixed_digits, min, **kwargs)


class TextConverter(UnicodeConverter):
    """`<…>` and `<string:…>` without NUL, which PostgreSQL text refuses."""

    def __init__(self, map: Map, *args, **kwargs) -> None:
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/\\x00]", 1)


def init_converters(app: Flask) -> None:
    """Replace Werkzeug's `int` and string converters before any route is registered."""
    app.url_map.converters.update(
        {"int": BoundedIntegerConverter, "default": TextConverter, "string": TextConverter}
    )
