"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response

# No inline or third-party scripts anywhere; inline style attributes come from sanitised
# Markdown tables (text-align) only. Media responses set their own, stricter policy.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def init_security(app: Flask) -> None:
    """Add CSP, no-sniff, referrer and framing headers unless a view set its own."""

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
        return response
