"""Assignment pages: the brief and the rubric, read only (submitting comes with peer review)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from mooc.assignments import queries, services
from mooc.courses import outlines
from mooc.i18n import locale_code

bp = Blueprint("assignments", __name__, template_folder="templates")


@bp.get("/courses/<slug>/assignments/<item>")
@login_required
def assignment(slug: str, item: str):
    """The brief, the settings and the rubric (levels and points) in the reader's language, for
    an enrolled learner whose module is open (a refusal raises `LearningError`)."""
    page = outlines.lesson_page(slug, item, "assignment", locale_code()) or abort(404)
    state, item_state = services.open_assignment(current_user.id, page, item)
    criteria = queries.rubric(page["lesson"], locale_code(), page["course"].language)
    return render_template(
        "assignments/assignment.html",
        criteria=criteria,
        total=queries.total_points(criteria),
        state=state,
        item_state=item_state,
        **page,
    )
