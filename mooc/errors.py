"""One error model: services raise `ServiceError`s with stable codes; pages and the API show them.

Each feature declares its codes once, with their HTTP status and message (in `<feature>/errors.py`):

    class CohortError(ServiceError):
        codes = {"unknown_city": (422, _l("Choose a city from the list.")), ...}

A service raises `CohortError("unknown_city", "city_id")`; the API answers
`{"error": {"code", "message", "fields"}}` with the status, and pages use `error.message` (for a
field) or `refuse(error)` (the error page in the visitor's language)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any, ClassVar

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

NOT_FOUND = (404, _l("Not found."))


class ServiceError(Exception):
    """A refused operation: a stable `code`, the input `field` it concerns, and `detail` values
    that its message may show (`%(name)s`)."""

    # code: (HTTP status, message) or (status, message, the code the API answers with).
    codes: ClassVar[dict[str, tuple]] = {"not_found": NOT_FOUND}

    def __init__(self, code: str, field: str | None = None, **detail: Any):
        if code not in self.codes:
            raise KeyError(f"{type(self).__name__} declares no code {code!r}")
        super().__init__(code)
        self.code = code
        self.field = field
        self.detail = detail

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.codes = {"not_found": NOT_FOUND, **cls.__dict__.get("codes", {})}

    @property
    def status(self) -> int:
        """The HTTP status that answers this refusal."""
        return self.codes[self.code][0]

    @property
    def public_code(self) -> str:
        """The code clients see (two refusals may share one and differ in their words)."""
        entry = self.codes[self.code]
        return entry[2] if len(entry) > 2 else self.code

    @property
    def message(self) -> str:
        """The refusal in the current language, with its details filled in."""
        text = str(self.codes[self.code][1])
        return text % self.detail if self.detail else text

    def fields(self) -> dict[str, list[str]] | None:
        """Messages per input field, for forms and for the API's 422 answers."""
        return {self.field: [self.message]} if self.field else None


# How pages answer a kind of refusal when its feature wants more than the error page (a redirect,
# a page of its own): registered by the feature's views with `@page_response(TheError)`.
PAGE_RESPONSES: dict[type, Callable[[Any], Any]] = {}


def page_response(error_class: type):
    """Register how pages answer `error_class` (and its subclasses)."""

    def decorator(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
        PAGE_RESPONSES[error_class] = function
        return function

    return decorator


def refuse(error: ServiceError):
    """The error page of a refusal (404, 403, 409 …) in the visitor's language."""
    code = error.status
    template = f"errors/{code}.html" if code in (403, 404) else "errors/generic.html"
    return render_template(template, error=error, message=error.message), code


def _unreachable(error: Exception) -> bool:
    """True for a database that cannot be reached (refused, down, timed out), on PostgreSQL
    (`OperationalError`) and SQLite (a file that cannot be opened)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    text = str(error.orig).lower()
    return any(
        words in text
        for words in (
            "connect",
            "connection",
            "unable to open",
            "server closed",
            "timeout",
            "timed out",
            "terminating",
            "shutting down",
            "database is locked",
        )
    )


def database_answer(error):
    """An unreachable database answers 503 with our page or JSON, never a bare 500; any other
    database error is a 500 of ours. The page must not touch the database again: the visitor
    is shown as signed out."""
    from flask import current_app, g
    from flask_login import AnonymousUserMixin

    from mooc.extensions import db

    current_app.logger.exception("database error")
    with suppress(Exception):  # the connection may be gone: nothing more to undo
        db.session.rollback()
    unavailable = bool(getattr(error, "connection_invalidated", False)) or _unreachable(error)
    code = 503 if unavailable else 500
    g._login_user = AnonymousUserMixin()
    if request.path.startswith("/api/"):
        from mooc.api import ApiError, error_response

        return error_response(ApiError(code))
    template = "errors/503.html" if unavailable else "errors/500.html"
    headers = {"Retry-After": "30"} if unavailable else {}
    return render_template(template, error=error), code, headers


def init_errors(app: Flask) -> None:
    """Render HTTP errors and unhandled exceptions with the site layout (JSON under /api/)."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if request.path.startswith("/api/"):
            from mooc.api import ApiError, error_response

            return error_response(ApiError(code))
        template = f"errors/{code}.html" if code in (403, 404, 500) else "errors/generic.html"
        return render_template(template, error=error), code

    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError):
        if request.path.startswith("/api/"):
            from mooc.api import service_error_response

            return service_error_response(error)
        for kind in type(error).__mro__:
            if kind in PAGE_RESPONSES:
                return PAGE_RESPONSES[kind](error)
        return refuse(error)

    from sqlalchemy.exc import DBAPIError

    @app.errorhandler(DBAPIError)
    def database_error(error):
        return database_answer(error)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        if request.path.startswith("/api/"):
            from mooc.api import ApiError, error_response

            return error_response(ApiError(500))
        return render_template("errors/500.html", error=error), 500
