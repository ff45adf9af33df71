"""HTTP validators, the pages every anonymous visitor sees alike, and learners' pages kept per
state.

What is the same for every reader is kept by the data layer (outlines per course version,
lesson bodies, the catalogue per content generation: `mooc.courses.outlines`); this module adds
the HTTP half. A page for anonymous visitors is rendered once per validator (the content it
shows, the language, this deployment's templates and translations) and answered with an `ETag`,
so that a browser asking again gets `304 Not Modified`.

A signed-in learner's course, lesson and quiz pages are rendered once per state (`personal_page`:
every learner whose progress on the course is the same shares it) with marks where her own data
goes (`hole`); each request fills them. What is kept holds no one's name, token, certificate or
answer. Trainers, authors, admins and a visitor with a message waiting (`flash`) get their page
rendered whole."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable
from functools import cache
from typing import Any

from flask import Response, current_app, g, make_response, render_template, request, session
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup, escape

from mooc.config import project_root

PAGES_MAX = 256
SHELLS_BYTES = 8 * 1024 * 1024  # kept pages per worker, in characters (cleared when full)
# Where a kept page has a hole: unguessable (drawn per process) and never in what a page shows.
MARK = "\ue000" + secrets.token_hex(8)
ARGUMENT = "\ue001"
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
    """Static files: their URLs carry a hash of the file (`?v=`), so they are kept a year;
    templates get `hole`."""
    app.add_template_global(hole, "hole")
    token = app.jinja_env.globals.get("csrf_token")
    if token is not None:  # Flask-WTF's: a kept page must take the token through its hole

        def csrf_token() -> str:
            if keeping():
                raise RuntimeError("a kept page reads the CSRF token: use hole('csrf')")
            return token()

        app.jinja_env.globals["csrf_token"] = csrf_token

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


# Holes: what a page kept for every learner in one state leaves out, filled for each request.
# A provider gets the page's context and the hole's argument and returns safe HTML.
HOLES: dict[str, Callable[[Any, str], str]] = {}


def hole_provider(kind: str):
    """Register `function(context, argument) -> HTML` as the filling of `hole(kind, …)`."""

    def register(function: Callable[[Any, str], str]):
        HOLES[kind] = function
        return function

    return register


def hole_mark(kind: str, argument: str = "") -> Markup:
    """The mark a kept page has where `hole(kind, argument)` goes (see `personal_page`)."""
    return Markup(f"{MARK}{kind}{ARGUMENT}{argument}{MARK}")


def keeping() -> bool:
    """True while `personal_page` renders a page kept for every learner in one state."""
    return bool(g.get("mooc_shell"))


@pass_context
def hole(context, kind: str, argument: str = "") -> Markup:
    """In a template: what belongs to this visitor (her name, her CSRF token, her certificate…).
    Rendered for her at once, or, while `personal_page` renders a page kept for everyone in
    her state, a mark that each request fills."""
    if keeping():
        return hole_mark(kind, argument)
    return Markup(HOLES[kind](context, argument))


@hole_provider("name")
def display_name(_context, _argument: str) -> str:
    return escape(current_user.display_name) if current_user.is_authenticated else ""


@hole_provider("csrf")
def csrf_value(_context, _argument: str) -> str:
    from flask_wtf.csrf import generate_csrf

    return escape(generate_csrf())


# What a feature shows in every page's frame for the signed-in visitor (the exchange's unread
# count): part of a kept page's key.
VIEWER_PARTS: list[Callable[[], Any]] = []


def viewer_part(function: Callable[[], Any]):
    """Register `function()` as part of what the page frame shows of the visitor."""
    VIEWER_PARTS.append(function)
    return function


def viewer() -> tuple | None:
    """What the page frame shows of the signed-in visitor besides her name and token (None when
    her pages are not kept: trainers, authors and admins see notes and links of their own, and
    a visitor with a message waiting sees it once)."""
    if session.get("_flashes") or not current_user.is_authenticated:
        return None
    if current_user.role != "learner":
        return None
    return (current_user.role, *(part() for part in VIEWER_PARTS))


def personal_page(template: str, key: tuple | None, **context) -> Response:
    """`template` for a signed-in learner. The page is rendered once for every learner whose
    state is `key` (which must name everything it shows but its holes: content version, her
    progress …) with marks where the holes go, kept by this worker, and filled for each request
    (`hole`). `key=None`, or a visitor whose pages are not kept (`viewer`), renders it whole."""
    seen = viewer() if key is not None else None
    if seen is None:
        return make_response(render_template(template, **context))
    return make_response(kept_render(template, (key, seen), context))


def kept_render(template: str, key: tuple, context: dict) -> str:
    """`template` rendered once per `key` (and language, path, deployment) with marks where its
    holes go, kept by this worker; filled for this request."""
    from mooc.i18n import locale_code

    full = (template, key, locale_code(), request.script_root, request.path, build_id())
    shells = current_app.extensions.setdefault("mooc_shells", {})
    parts = shells.get(full)
    if parts is None:
        outer = g.get("mooc_shell", False)
        g.mooc_shell = True
        try:
            html = render_template(template, **context)
        finally:
            g.mooc_shell = outer
        pieces = html.split(MARK)
        parts = tuple(
            piece if index % 2 == 0 else tuple(piece.split(ARGUMENT, 1))
            for index, piece in enumerate(pieces)
        )
        size = len(html)
        held = current_app.extensions.get("mooc_shells_size", 0) + size
        if held > SHELLS_BYTES:
            shells.clear()
            held = size
        current_app.extensions["mooc_shells_size"] = held
        shells[full] = parts
    return "".join(
        piece if index % 2 == 0 else str(HOLES[piece[0]](context, piece[1]))
        for index, piece in enumerate(parts)
    )


FRAGMENTS_BYTES = 4 * 1024 * 1024  # kept fragments per worker, in characters (cleared when full)


def kept_fragment(template: str, macro: str, key: tuple, *args) -> Markup:
    """The HTML of `macro` (of `template`) called with `args`, kept by this worker under `key`,
    which must name everything the macro shows (the macro sees its arguments and the template
    globals, never the request's context), with the page's language and time zone.

    For the parts of a page that change with data the page reads anyway (a trainer's table of
    learners, row by row): the data is the key, so a row comes back the same until its learner
    works, and is rendered again at once when she does."""
    from flask_babel import get_timezone

    from mooc.i18n import locale_code

    full = (template, macro, key, locale_code(), str(get_timezone()), request.script_root)
    fragments = current_app.extensions.setdefault("mooc_fragments", {})
    html = fragments.get(full)
    if html is None:
        html = str(getattr(current_app.jinja_env.get_template(template).module, macro)(*args))
        held = current_app.extensions.get("mooc_fragments_size", 0) + len(html)
        if held > FRAGMENTS_BYTES:
            fragments.clear()
            held = len(html)
        current_app.extensions["mooc_fragments_size"] = held
        fragments[full] = html
    return Markup(html)
