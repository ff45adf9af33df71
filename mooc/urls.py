"""Links that leave the app (mail, PDFs, QR codes, join links, API fields): always built from
`MOOC_BASE_URL`, never from the Host header of the request that happens to be running."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def base_url() -> str:
    """The deployment's public address, without a trailing slash."""
    return current_app.config["BASE_URL"].rstrip("/")


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of `endpoint` under `MOOC_BASE_URL` (works in requests and commands)."""
    parts = urlsplit(base_url())
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
