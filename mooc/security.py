"""Security headers on every response, the trusted-host check, and the settings production
must not run without (docs/operations.md)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, abort, request
from flask.json.provider import DefaultJSONProvider

from mooc.config import Config

# No inline or third-party scripts anywhere; inline style attributes come from sanitised
# Markdown tables (text-align) only. Media responses set their own, stricter policy.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Nothing here uses the camera, the microphone, location, payments or USB; embeds may not either.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
HSTS = "max-age=31536000; includeSubDomains"
# Hosts a developer's browser or the test client use, trusted in development and tests only.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class UnsafeConfiguration(RuntimeError):
    """A setting production needs is missing: the app refuses to start."""


def check_configuration(app: Flask) -> None:
    """Outside development and tests, refuse the default secret key and a missing base URL
    (links in mail, PDFs and QR codes would point at the wrong host forever)."""
    if app.config.get("DEVELOPMENT") or app.testing:
        return
    problems = []
    if not app.config.get("SECRET_KEY") or app.config["SECRET_KEY"] == Config.SECRET_KEY:
        problems.append("MOOC_SECRET_KEY (a long random value) is not set")
    if not app.config.get("BASE_URL"):
        problems.append("MOOC_BASE_URL (the public address, https://…) is not set")
    if problems:
        raise UnsafeConfiguration(
            "; ".join(problems) + ". Set them (docs/operations.md), or MOOC_DEVELOPMENT=1 on a "
            "developer's machine."
        )


def trusted_hosts(app: Flask) -> set[str]:
    """The base URL's host name, `MOOC_TRUSTED_HOSTS` (comma-separated) and, in development
    and tests, localhost."""
    hosts = {(urlsplit(app.config["BASE_URL"]).hostname or "").lower()}
    listed = app.config.get("MOOC_TRUSTED_HOSTS") or ()
    if isinstance(listed, str):
        listed = listed.split(",")
    hosts.update(host.strip().lower().rstrip(".") for host in listed if host.strip())
    if app.config.get("DEVELOPMENT") or app.testing:
        hosts |= LOCAL_HOSTS
    return hosts - {""}


def request_hostname() -> str | None:
    """The Host header's name (without port), or None when it is not a valid host."""
    raw = request.headers.get("Host", "")
    if not raw or any(c in raw for c in "/\\@?#% \t\r\n\x00") or len(raw) > 255:
        return None
    try:
        parts = urlsplit("//" + raw)
        _port = parts.port  # raises on a bad port
        return (parts.hostname or "").rstrip(".") or None
    except ValueError:
        return None


MAX_JSON_DEPTH = 64  # no body of ours nests deeper; Python's parser overflows near 1,000


class BoundedJSONProvider(DefaultJSONProvider):
    """Refuses JSON nested deeper than MAX_JSON_DEPTH as invalid (400), instead of a
    RecursionError in the parser or in the schemas that walk it."""

    def loads(self, s, **kwargs):
        text = s.decode("utf-8", "replace") if isinstance(s, bytes | bytearray) else s
        if _nesting(text) > MAX_JSON_DEPTH:
            raise ValueError("JSON nested too deeply")
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def _nesting(text: str) -> int:
    """The deepest bracket nesting outside strings (a linear scan, no recursion)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return 0
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def has_nul() -> bool:
    """True when a query string, a form field (name or value) or an uploaded file's name holds
    NUL, which no column can store and no honest client sends."""
    if "\x00" in request.full_path:
        return True
    values = request.args.items(multi=True)
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values = [*values, *request.form.items(multi=True)]
        values += [
            (name, upload.filename or "") for name, upload in request.files.items(multi=True)
        ]
    return any("\x00" in name or "\x00" in value for name, value in values)


def init_security(app: Flask) -> None:
    """Refuse unknown hosts; add CSP, no-sniff, referrer, framing, permissions and, over HTTPS,
    HSTS headers unless a view set its own."""
    # `MOOC_TRUSTED_HOSTS` lands in Flask's own TRUSTED_HOSTS key, which wants a list and then
    # fails requests before the error page can be built: keep it under our name, check it here.
    app.json = BoundedJSONProvider(app)
    app.config["MOOC_TRUSTED_HOSTS"] = app.config.get("TRUSTED_HOSTS")
    app.config["TRUSTED_HOSTS"] = None
    allowed: set[str] = set()
    proxies = int(app.config.get("PROXIES") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # never the Host

    @app.before_request
    def known_host():
        if not allowed:
            allowed.update(trusted_hosts(app))
        if request_hostname() not in allowed:
            abort(400)
        if has_nul():
            abort(400)

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        policy = CONTENT_SECURITY_POLICY
        hosts = app.config.get("IFRAME_ALLOWED_HOSTS") or ()
        if hosts:
            policy += "; frame-src " + " ".join(f"https://{host}" for host in hosts)
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.is_secure or app.config["BASE_URL"].startswith("https://"):
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
