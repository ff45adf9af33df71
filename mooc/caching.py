"""HTTP validators and the rendered pages every anonymous visitor sees alike.

What is the same for every reader is kept by the data layer (outlines per course version,
lesson bodies, the catalogue per content generation: `mooc.courses.outlines`); this module adds
the HTTP half. A page for anonymous visitors is rendered once per validator (the content it
shows, the language, this deployment's templates and translations) and answered with an `ETag`,
so that a browser asking again gets `304 Not Modified`. Signed-in visitors, and anonymous ones
with a message waiting (`flash`), get the page rendered for them and never a kept one: nothing
personal is kept between requests."""

from __future__ import annotations

import hashlib
import os
from functools import cache

from flask import Response, current_app, make_response, render_template, request, session
from flask_login import current_user

from mooc.config import project_root

PAGES_MAX = 256
# Browsers keep the page but ask again each time (`ETag`); proxies do not keep it.
REVALIDATE = "private, no-cache"


@cache
def build_id() -> str:
    """What changes when a deployment's templates or translations do (their files' times and
    sizes), the same in every worker of one deployment."""
    seen = hashlib.sha256()
    for folder in ("mooc", "translations"):
        for path, _dirs, files in os.walk(os.path.join(project_root(), folder)):
            for name in sorted(files):
                if name.endswith((".html", ".mo", ".txt")):
                    info = os.stat(os.path.join(path, name))
                    seen.update(f"{path}/{name}:{info.st_mtime_ns}:{info.st_size}".encode())
    return seen.hexdigest()[:16]


def is_anonymous() -> bool:
    """True when nothing on a page may differ from another anonymous visitor's."""
    return not current_user.is_authenticated and not session.get("_flashes")


def shared_page(template: str, validator: tuple, **context) -> Response:
    """`template` rendered with `context`; for anonymous visitors, once per `validator` (which
    must name everything the page shows: content generation or version, locale …), with an
    `ETag` and `304` to a browser that has it."""
    if not is_anonymous():
        return make_response(render_template(template, **context))
    tag = hashlib.sha256(repr((template, validator, build_id(), request.script_root)).encode())
    etag = tag.hexdigest()[:32]
    pages = current_app.extensions.setdefault("mooc_pages", {})
    body = pages.get(etag)
    if body is None:
        body = render_template(template, **context)
        if len(pages) >= PAGES_MAX:
            pages.clear()
        pages[etag] = body
    return validated(make_response(body), etag)


def validated(response: Response, etag: str | None = None) -> Response:
    """`response` with an `ETag` (`etag`, else a hash of its body), revalidated by browsers,
    and `304` when the request's `If-None-Match` holds it."""
    if etag is None:
        response.add_etag()
    else:
        response.set_etag(etag)
    response.headers["Cache-Control"] = REVALIDATE
    response.vary.update(("Cookie", "Accept-Language"))
    return response.make_conditional(request)


STATIC_MAX_AGE = 365 * 24 * 3600


def init_caching(app) -> None:
    """Static files: their URLs carry a hash of the file (`?v=`), so they are kept a year."""

    @app.url_defaults
    def static_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            values["v"] = static_hash(app.static_folder or "", values["filename"])

    @app.after_request
    def static_cache(response: Response) -> Response:
        if request.endpoint == "static" and request.args.get("v"):
            response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE}, immutable"
        return response


@cache
def static_hash(folder: str, filename: str) -> str:
    """A short hash of a static file's bytes (once per process: files change with a deploy)."""
    try:
        with open(os.path.join(folder, filename), "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()[:12]
    except OSError:
        return "0"
