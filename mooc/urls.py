"""Links that leave the app (mail, PDFs, QR codes, join links, API fields): always built from
`MOOC_BASE_URL`, never from the Host header of the request that happens to be running."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

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


# What a browser drops from a URL before following it (WHATWG URL: tab and newlines anywhere,
# C0 controls and spaces at both ends), so that we judge the address it will really open.
_DROPPED = str.maketrans("", "", "\t\n\r")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def local_path(target: str | None, default: str) -> str:
    """`target` if, once normalised as a browser would, it is a path of this site; `default`
    otherwise (another host, a scheme, `//host`, `/\\host`, control characters …)."""
    if not target or len(target) > 2000:
        return default
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in target.strip(" ")):
        return default  # a browser would drop tabs and newlines: nobody sends them honestly
    cleaned = target.translate(_DROPPED).strip(_C0_AND_SPACE).replace("\\", "/")
    if not cleaned.startswith("/") or cleaned.startswith("//"):
        return default
    # Doubly encoded (`/%09/host`, `/%5chost`): a proxy or a later decoding must not find a host.
    decoded = unquote(cleaned).translate(_DROPPED).strip(_C0_AND_SPACE).replace("\\", "/")
    if decoded.startswith("//"):
        return default
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in cleaned):
        return default
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return default
    return cleaned


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII `filename=` for old clients and the real name in
    `filename*=UTF-8''…` (RFC 6266, RFC 5987): a raw non-Latin-1 name is refused by gunicorn."""
    import unicodedata
    from urllib.parse import quote

    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = "".join(c if c.isalnum() or c in "-_." else "-" for c in ascii_name)
    stem, _dot, extension = filename.rpartition(".")
    if not ascii_name.strip("-_.") or ascii_name.startswith("."):
        ascii_name = f"report.{extension}" if stem else "report"
    value = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return value
