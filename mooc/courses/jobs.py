"""Course work done by a worker: rendering a course's offline copy."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from mooc.courses import offline, outlines
from mooc.jobs import JobContext, handler, remove_stale_parts, upkeep


@handler(offline.RENDER, title=_l("Preparing the offline copy"))
def offline_copy(context: JobContext) -> None:
    """Render the course's offline PDF in one language (a file already there is kept: the same
    copy asked for twice is rendered once)."""
    slug, locale = context.params["slug"], context.params["locale"]
    with current_app.test_request_context("/"):  # links in the copy come from the router
        outline = outlines.course_outline(slug, locale)
        if outline is None:  # the course was archived meanwhile
            context.report = {"outcome": "no course"}
            return
        context.report = {"file": offline.offline_pdf(outline, locale)}


@upkeep
def remove_half_written_copies() -> None:
    """A worker killed while rendering an offline copy leaves a `.part` file: removed here."""
    remove_stale_parts(current_app.config["OFFLINE_DIR"])
