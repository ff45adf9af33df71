"""Error pages in the visitor's language."""

from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError


def init_errors(app: Flask) -> None:
    """Render 403, 404 and 500 (and other HTTP errors) with the site layout."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if request.path.startswith("/api/"):
            from mooc.api import ApiError, error_response

            return error_response(ApiError(code))
        template = f"errors/{code}.html" if code in (403, 404, 500) else "errors/generic.html"
        return render_template(template, error=error), code

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        if request.path.startswith("/api/"):
            from mooc.api import ApiError, error_response

            return error_response(ApiError(500))
        return render_template("errors/500.html", error=error), 500
