"""Certificate PDFs: WeasyPrint from a plain dict, fonts for every script, nothing fetched."""

from __future__ import annotations

import base64
import io
import mimetypes
import os
import threading
import unicodedata
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

import segno
from flask import current_app, render_template
from flask_babel import force_locale
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

TEMPLATE_VERSION = "v2"  # v1 stays, to render again what it rendered
TEMPLATES = ("v1", "v2")
# Pango and fontconfig are not safe to drive from several threads at once (seen deadlocking):
# threads of one process take turns; bulk issuing uses processes for parallelism.
_RENDER_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def font_configuration() -> FontConfiguration:
    """One font configuration per worker process (loading fonts is the slow part)."""
    return FontConfiguration()


class StaticOnlyFetcher(URLFetcher):
    """Fetches data: URLs and files of the app's static folder, and refuses everything else."""

    def __init__(self, static_folder: str):
        super().__init__(allowed_protocols={"file", "data"})
        self.static = os.path.realpath(static_folder)

    def fetch(self, url: str, headers=None):
        if url.startswith("file:"):
            parts = urlsplit(url)
            # Decode first (`%2e%2e` is `..` to urllib), then resolve, then judge.
            path = os.path.realpath(unquote(parts.path))
            if (
                parts.netloc not in ("", "localhost")
                or parts.query
                or "\x00" in path
                or not path.startswith(self.static + os.sep)
            ):
                raise ValueError(f"refused to fetch {url!r} for a certificate")
        elif not url.startswith("data:"):
            raise ValueError(f"refused to fetch {url!r} for a certificate")
        return super().fetch(url, headers)


def qr_data_uri(url: str) -> str:
    """The verification URL as an SVG QR code, inline."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def text_width(text: str) -> int:
    """A text's width in half-em units: wide (CJK, full-width) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fitted_size(text: str, largest: float, smallest: float, fits: int) -> float:
    """A font size (pt) that fits `text` on one line of `fits` half-em units at `largest` size,
    shrunk down to `smallest`, under which the text wraps (any allowed name fits in 4 lines)."""
    width = max(text_width(text), 1)
    return round(max(smallest, min(largest, largest * fits / width)), 1)


@lru_cache(maxsize=8)
def image_data_uri(path: str) -> str:
    """A configured image (emblem, signature) inlined, so that the fetcher reads no file."""
    if not path:
        return ""
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if not kind.startswith("image/"):
        return ""
    with open(path, "rb") as handle:
        return f"data:{kind};base64," + base64.b64encode(handle.read()).decode()


def design(data: dict[str, Any]) -> dict[str, Any]:
    """What the layout adds to a plan: sizes that fit, the emblem, the signature block."""
    config = current_app.config
    emblem = config.get("CERTIFICATE_EMBLEM") or os.path.join(
        current_app.static_folder or "", "certificates", "emblem.svg"
    )
    titles = config.get("SIGNATORY_TITLES") or {}
    subject = data.get("path") or data.get("course") or ""
    return {
        "name_size": fitted_size(
            data["name"], 34, 13 if text_width(data["name"]) < 300 else 11, 38
        ),
        "course_size": fitted_size(subject, 18, 11, 70),
        "emblem": image_data_uri(emblem),
        "signature": image_data_uri(config.get("SIGNATURE_IMAGE") or ""),
        "signatory": config.get("SIGNATORY_NAME") or "",
        "signatory_title": titles.get(data["locale"]) or config.get("SIGNATORY_TITLE") or "",
    }


def render_pdf(data: dict[str, Any]) -> bytes:
    """Render a certificate from plain data (name, course or path and its courses, hours, date,
    city, code, url, locale; `template_version` to render with an older design)."""
    template = "path.html" if data.get("kind") == "path" else "certificate.html"
    version = data.get("template_version") or TEMPLATE_VERSION
    version = version if version in TEMPLATES else TEMPLATE_VERSION
    with force_locale(data["locale"]):
        html = render_template(
            f"certificates/{version}/{template}",
            qr=qr_data_uri(data["verify_url"]),
            **{**design(data), **data},
        )
    document = HTML(
        string=html,
        base_url=current_app.static_folder,
        url_fetcher=StaticOnlyFetcher(current_app.static_folder or ""),
    )
    return write_pdf(document, "pdf/a-3b", attachments(data))


def attachments(data: dict[str, Any]) -> list[Attachment]:
    """The files the plan asks to embed (`certificate_planned` receivers add them), as PDF/A-3
    associated files dated with the certificate."""
    return [
        Attachment(
            file_obj=io.BytesIO(item["content"].encode("utf-8")),
            name=item["name"],
            description=item.get("description") or "",
            relationship=item.get("relationship", "Unspecified"),
            created=data["issued_at"],
            modified=data["issued_at"],
        )
        for item in data.get("attachments", ())
    ]


def one_af_entry(_document, pdf) -> None:
    """WeasyPrint 70 lists each PDF/A-3 attachment twice in the catalogue's /AF (once from the
    EmbeddedFiles name tree, once from the file specifications): keep each once."""
    if "AF" in pdf.catalog:
        unique = list(dict.fromkeys(pdf.catalog["AF"]))
        pdf.catalog["AF"].clear()
        pdf.catalog["AF"].extend(unique)


def write_pdf(
    document: HTML, variant: str | None = None, files: list[Attachment] | None = None
) -> bytes:
    """Render a WeasyPrint document with the shared fonts, one thread of the process at a time."""
    with _RENDER_LOCK:
        return document.write_pdf(
            font_config=font_configuration(),
            pdf_variant=variant,
            attachments=files or None,
            finisher=one_af_entry if files else None,
        )
