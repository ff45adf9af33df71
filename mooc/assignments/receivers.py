"""How assignments react to other features' events (inside the transaction that sent them)."""

from __future__ import annotations

from sqlalchemy import func, select

from mooc import signals
from mooc.assignments.models import Review, Submission
from mooc.courses.content.problems import Problem
from mooc.extensions import db


@signals.content_syncing.connect
def keep_reviewed_rubrics(_app, *, report, **_extra) -> None:
    """A sync may reword a rubric, never change its points or levels once reviews of the
    assignment are done: grades would change silently. It is refused, naming what to do."""
    for (course, item), change in report.rubrics.items():
        if change.created or not change.structure_changed or change.lesson.id is None:
            continue
        done = db.session.scalar(
            select(func.count())
            .select_from(Review)
            .join(Submission, Submission.id == Review.submission_id)
            .where(Submission.lesson_id == change.lesson.id, Review.status == "done")
        )
        if done:
            report.refuse(
                Problem(path_of(report.tree, course, item), 1, "rubric-reviewed", {"count": done})
            )


def path_of(tree, course: str, item: str) -> str:
    """The assignment's default-language file in the tree read by the sync."""
    for node in tree.courses:
        if node.slug != course:
            continue
        for module in node.modules:
            for entry in module.items:
                if entry.slug == item:
                    return entry.file.path
    return f"{course}/{item}"
