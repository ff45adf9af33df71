"""Certificate PDFs: WeasyPrint from a plain dict, fonts for every script, nothing fetched."""

from __future__ import annotations

import io
import os
import threading
from functools import lru_cache
from typing import Any

import segno
from flask import current_app, render_template
from flask_babel import force_locale
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

TEMPLATE_VERSION = "v1"
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
        if url.startswith("file://"):
            path = os.path.realpath(url[len("file://") :].split("?")[0])
            if not path.startswith(self.static + os.sep):
                raise ValueError(f"refused to fetch {url!r} for a certificate")
        elif not url.startswith("data:"):
            raise ValueError(f"refused to fetch {url!r} for a certificate")
        return super().fetch(url, headers)


def qr_data_uri(url: str) -> str:
    """The verification URL as an SVG QR code, inline."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def render_pdf(data: dict[str, Any]) -> bytes:
    """Render a certificate from plain data (name, course or path and its courses, hours, date,
    city, code, url, locale)."""
    template = "path.html" if data.get("kind") == "path" else "certificate.html"
    with force_locale(data["locale"]):
        html = render_template(
            f"certificates/{TEMPLATE_VERSION}/{template}",
            qr=qr_data_uri(data["verify_url"]),
            **data,
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
