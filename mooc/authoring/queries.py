"""What the author pages read: the history of syncs, draft courses as learners will see them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mooc.accounts.models import User
from mooc.courses import outlines
from mooc.courses.content.history import recent
from mooc.courses.models import ContentSync
from mooc.extensions import db

# The learners' URL segment of each kind of item, and the preview route that shows it.
PREVIEW_ROUTES = {
    "lesson": "authoring.preview_lesson",
    "quiz": "authoring.preview_quiz",
    "assignment": "authoring.preview_assignment",
}


def history(limit: int = 100) -> list[tuple[ContentSync, User | None]]:
    """The last syncs, newest first, with the author who published each (None: a command)."""
    rows = recent(limit)
    ids = {row.user_id for row in rows if row.user_id is not None}
    users = (
        {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    )
    return [(row, users.get(row.user_id)) for row in rows]


def preview(slug: str, locale: str) -> dict[str, Any] | None:
    """A course (draft or published, not archived) as its outline, for an author."""
    return outlines.course_outline(slug, locale, drafts=True)


def preview_item(slug: str, item: str, kind: str, locale: str) -> dict[str, Any] | None:
    """A lesson, quiz or assignment page's data, draft course or not, for an author."""
    return outlines.lesson_page(slug, item, kind, locale, drafts=True)


def media_folder(slug: str, name: str) -> str | None:
    """The media/ folder holding a file the last sync recorded for a course to preview, draft
    or not."""
    return outlines.media_file(slug, name, drafts=True)
