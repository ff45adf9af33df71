"""The offline copy of a course: every module and lesson, with its figures, in the reader's
language, as one PDF (WeasyPrint), kept on disk per course version and language.

Quizzes and assignments are named, not copied: their questions are answered online (an answer
key never leaves the server). Figures come only from the course's own media folder."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from werkzeug.exceptions import HTTPException
from werkzeug.security import safe_join

from mooc.courses.models import Lesson, LessonTranslation
from mooc.courses.outlines import media_folder, pick, with_texts

_LOCK = threading.Lock()  # one rendering at a time per process (WeasyPrint is heavy)
SOURCE = re.compile(r'(<(?:img|source)\b[^>]*?\bsrc=")([^"]+)(")', re.IGNORECASE)


def media_only_fetcher(folder: str):
    """A WeasyPrint URL fetcher for data: URLs and files of one course's media folder only
    (WeasyPrint is imported here: pages that never render a copy do not load it)."""
    from weasyprint.urls import URLFetcher

    class MediaOnlyFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"file", "data"})
            self.folder = os.path.realpath(folder)

        def fetch(self, url: str, headers=None):
            if url.startswith("file://"):
                path = os.path.realpath(url[len("file://") :].split("?")[0])
                if not path.startswith(self.folder + os.sep):
                    raise ValueError(f"refused to fetch {url!r} for an offline copy")
            elif not url.startswith("data:"):
                raise ValueError(f"refused to fetch {url!r} for an offline copy")
            return super().fetch(url, headers)

    return MediaOnlyFetcher()


def local_figures(html: str, slug: str, folder: str) -> str:
    """Point the course's media URLs (whatever the router makes them) at the files on disk."""
    adapter = current_app.url_map.bind("offline.invalid")

    def replace(match: re.Match) -> str:
        url = match.group(2)
        try:
            endpoint, args = adapter.match(url.split("?")[0], method="GET")
        except HTTPException:
            return match.group(0)
        if endpoint != "courses.media" or args.get("slug") != slug:
            return match.group(0)
        path = safe_join(folder, args["name"])
        return f"{match.group(1)}file://{path}{match.group(3)}" if path else match.group(0)

    return SOURCE.sub(replace, html)


def lesson_texts(course, locale: str) -> dict[int, Any]:
    """Every live item's text in the reader's language (else the course's), by lesson id."""
    found = with_texts(
        Lesson,
        LessonTranslation,
        "lesson_id",
        (Lesson.course_id == course.id, Lesson.archived_at.is_(None)),
        (Lesson.id,),
        (locale, course.language),
    )
    return {
        lesson.id: pick(rows, locale, course.language, (course.id, course.version))
        for lesson, rows in found
    }


def offline_document(outline: dict[str, Any], locale: str) -> tuple[str, str]:
    """The offline copy's HTML in `locale` and the path its PDF has (or will have): the file is
    named after a hash of the HTML, so a new course version or translation makes a new one."""
    course = outline["course"]
    folder = media_folder(course.slug) or current_app.static_folder or ""
    with force_locale(locale):
        html = render_template(
            "courses/offline.html",
            texts=lesson_texts(course, locale),
            base_url=current_app.config["BASE_URL"],
            **outline,
        )
    html = local_figures(html, course.slug, folder)
    digest = hashlib.sha256(html.encode()).hexdigest()[:20]
    path = os.path.join(current_app.config["OFFLINE_DIR"], f"{course.slug}-{locale}-{digest}.pdf")
    return html, path


def render_pdf(slug: str, html: str, path: str) -> str:
    """Write the PDF of `html` at `path` unless it is there (heavy: seconds, up to a minute for
    a long course; the learner's request queues it as a job, see `request_copy`)."""
    if os.path.exists(path):
        return path
    from weasyprint import HTML  # heavy: loaded only when a copy is rendered

    folder = media_folder(slug) or current_app.static_folder or ""
    with _LOCK:
        if os.path.exists(path):
            return path
        document = HTML(
            string=html,
            base_url=current_app.config["BASE_URL"].rstrip("/") + "/",
            url_fetcher=media_only_fetcher(folder),
        )
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                document.write_pdf(out)
            os.replace(partial, path)  # readers never see half a file
        finally:
            if os.path.exists(partial):
                os.remove(partial)
    return path


def offline_pdf(outline: dict[str, Any], locale: str) -> str:
    """The path of the course's offline PDF in `locale`, rendered here if it is not yet (the
    CLI's `flask content offline`, and the job)."""
    html, path = offline_document(outline, locale)
    return render_pdf(outline["course"].slug, html, path)


def request_copy(outline: dict[str, Any], locale: str):
    """The offline PDF's path if it is ready; otherwise the job that renders it, queued once
    for every learner asking for the same copy (its key names the copy's content)."""
    from mooc.jobs import enqueue

    html, path = offline_document(outline, locale)
    if os.path.exists(path):
        return path, None
    slug = outline["course"].slug
    name = os.path.basename(path)
    params = {"slug": slug, "locale": locale}
    job = enqueue(RENDER, params, key=f"{RENDER}:{name}", subject=slug)
    while job.status == "done" and not os.path.exists(path):
        # The file was removed since: render it again, once however often the page refreshes.
        job = enqueue(RENDER, params, key=f"{RENDER}:{name}:after:{job.id}", subject=slug)
    if os.path.exists(path):  # rendered already (jobs that run where they are queued)
        return path, None
    return None, job


RENDER = "courses.offline_copy"
