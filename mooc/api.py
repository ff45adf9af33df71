"""The JSON API under /api/v1: errors as JSON, CSRF for cookie sessions, OpenAPI from schemas."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, current_app, g, jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from marshmallow import Schema, ValidationError, fields
from werkzeug.exceptions import HTTPException

from mooc.errors import ServiceError
from mooc.extensions import csrf
from mooc.schemas import MAX_INTEGER, OutputSchema, messages

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # checked below, for cookie sessions only

ERROR_MESSAGES = {
    400: _l("The request is not valid."),
    401: _l("Sign in or send an API token."),
    403: _l("You may not do this."),
    404: _l("Not found."),
    405: _l("This method is not allowed here."),
    409: _l("This conflicts with the current state."),
    415: _l("Send JSON (Content-Type: application/json)."),
    422: _l("Some fields are not valid."),
    429: _l("Too many requests: wait a little and try again."),
    500: _l("Something went wrong on the server."),
    503: _l("The service is not available right now: try again in a few minutes."),
}
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error answered as JSON with a stable code and a translated message."""

    def __init__(
        self, status: int, code: str | None = None, message: Any = None, fields_: dict | None = None
    ):
        super().__init__(code)
        self.status = status
        self.code = code or ERROR_CODES.get(status, "error")
        self.message = message or ERROR_MESSAGES.get(status, ERROR_MESSAGES[400])
        self.fields = fields_


class ErrorDetailSchema(OutputSchema):
    """The error's code, message and, for invalid input, messages per field."""

    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class ErrorSchema(OutputSchema):
    """Every API error."""

    error = fields.Nested(ErrorDetailSchema, required=True)


def error_response(error: ApiError):
    """`{"error": {"code", "message", "fields"}}` with the error's status."""
    body: dict[str, Any] = {"code": error.code, "message": str(error.message)}
    if error.fields:
        body["fields"] = error.fields
    return jsonify({"error": body}), error.status


def service_error_response(error: ServiceError):
    """A refused operation as JSON: its code, its message, and the field it concerns (422)."""
    fields_ = error.fields() if error.status == 422 else None
    return error_response(ApiError(error.status, error.public_code, error.message, fields_))


def load(schema: Schema, partial: bool = False) -> dict[str, Any]:
    """The JSON body validated by `schema`, or a 415/422 ApiError."""
    if not request.is_json:
        raise ApiError(415)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, message=_l("The body must be a JSON object."))
    try:
        return schema.load(data, partial=partial)
    except ValidationError as error:
        raise ApiError(422, fields_=messages(error)) from None


@dataclass
class Operation:
    """One documented API operation."""

    rule: str
    method: str
    summary: str
    tag: str
    body: type[Schema] | None
    response: type[Schema] | None
    status: int
    many: bool
    auth: bool


OPERATIONS: list[Operation] = []


def route(
    rule: str,
    method: str,
    *,
    summary: str,
    tag: str,
    body=None,
    response=None,
    status: int = 200,
    many: bool = False,
    auth: bool = True,
):
    """Register a view on the API blueprint and document it for OpenAPI."""

    def decorator(view):
        bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=[method])
        OPERATIONS.append(
            Operation(rule, method.lower(), summary, tag, body, response, status, many, auth)
        )
        return view

    return decorator


@bp.before_request
def protect_cookie_sessions():
    """Writes from a browser session need the CSRF token; API tokens and anonymous JSON do not."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not current_app.config["WTF_CSRF_ENABLED"]:
        return
    # `g.token_auth`: set by the sign-in plumbing when a Bearer token authenticated the request.
    if current_user.is_authenticated and not g.get("token_auth"):
        csrf.protect()


@bp.after_request
def personal_answers_are_not_stored(response):
    """Whatever a signed-in caller or a write receives may be personal (a new token, a
    profile, scores): no cache keeps it. Public reads stay cacheable."""
    if request.method not in ("GET", "HEAD") or current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return error_response(error)


@bp.errorhandler(ServiceError)
def refused(error: ServiceError):
    return service_error_response(error)


@bp.errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    return error_response(ApiError(400, "csrf_failed", _l("The CSRF token is missing or wrong.")))


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return error_response(ApiError(error.code or 500))


@bp.errorhandler(Exception)
def server_error(error: Exception):
    from flask import current_app
    from sqlalchemy.exc import DBAPIError

    if isinstance(error, DBAPIError):
        from mooc.errors import database_answer

        return database_answer(error)

    current_app.logger.exception("API error")
    return error_response(ApiError(500))


def api_unauthorized():
    """Flask-Login's answer for the API: JSON 401 instead of a redirect."""
    return error_response(ApiError(401))


def openapi_path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    """`/courses/<slug>/attempts/<int:number>` to `{slug}`… with its path parameters."""
    parameters = []
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", rule):
        schema: dict[str, Any] = (
            {"type": "integer", "minimum": 0, "maximum": MAX_INTEGER}
            if converter == "int"
            else {"type": "string", "minLength": 1}
        )
        parameters.append({"in": "path", "name": name, "required": True, "schema": schema})
    return "/api/v1" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule), parameters


def openapi() -> dict[str, Any]:
    """The OpenAPI 3 document, generated from the registered operations and their schemas."""
    from apispec import APISpec  # loaded for this document only: it costs every start-up
    from apispec.ext.marshmallow import MarshmallowPlugin

    spec = APISpec(
        title="mooc API",
        version="1",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={
            "description": "Courses, progress and quizzes of the human rights "
            "cities MOOC. Errors: {error: {code, message}}."
        },
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme("cookie", {"type": "apiKey", "in": "cookie", "name": "session"})
    spec.components.schema("Error", schema=ErrorSchema)
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        path, parameters = openapi_path(op.rule)
        operation: dict[str, Any] = {
            "summary": op.summary,
            "tags": [op.tag],
            "parameters": parameters,
            "responses": {
                "default": {
                    "description": "Error",
                    "content": {"application/json": {"schema": "Error"}},
                }
            },
        }
        if op.response is not None:
            schema: Any = op.response(many=True) if op.many else op.response
            operation["responses"][str(op.status)] = {
                "description": "OK",
                "content": {"application/json": {"schema": schema}},
            }
        else:
            operation["responses"][str(op.status)] = {"description": "OK"}
        if op.body is not None:
            # PATCH views load their body with `partial=True`: every field is optional there.
            body: Any = op.body(partial=True) if op.method == "patch" else op.body
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": body}},
            }
        if op.auth:
            operation["security"] = [{"bearer": []}, {"cookie": []}]
        paths.setdefault(path, {})[op.method] = operation
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3 document of this API."""
    return jsonify(openapi())


def init_api(app: Flask) -> None:
    """Mount the blueprint (the feature API modules, imported first, registered their routes)."""
    app.register_blueprint(bp)
