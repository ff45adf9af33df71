"""Author pages: the content folder checked and dry-run, publishing, the history of syncs, and
previews of every course (drafts included) as learners will see them, without enrolling."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup

from mooc.accounts.auth import role_required
from mooc.assignments import queries as assignments
from mooc.authoring import queries, services
from mooc.authoring.errors import AuthoringError
from mooc.courses.content.impact import Effect
from mooc.courses.content.summary import commit_label, describe, summary
from mooc.courses.media import send_media
from mooc.i18n import locale_code
from mooc.quizzes import queries as quizzes

bp = Blueprint("authoring", __name__, template_folder="templates", url_prefix="/author")


@bp.get("/")
@role_required("author")
def index():
    """Every course of the content folder: check results, what publishing would do."""
    return render_template("authoring/index.html", overview=services.overview())


@bp.get("/publish")
@role_required("author")
def confirm():
    """What publishing would change and whom it affects, and the button that does it."""
    overview = services.overview()
    return render_template(
        "authoring/confirm.html", overview=overview, summary=describe(overview.report)
    )


@bp.post("/publish")
@role_required("author")
def publish():
    """Sync the content folder in one transaction, if it is what the author confirmed."""
    try:  # the CSRF token is checked for every POST (mooc.extensions.csrf)
        report = services.publish(current_user, request.form.get("fingerprint", ""))
    except AuthoringError as error:
        flash(error.message)
        return redirect(url_for("authoring.confirm"), 303)
    flash(gettext("Published: %(summary)s.") % {"summary": summary(report.counts)})
    return redirect(url_for("authoring.history"), 303)


@bp.get("/history")
@role_required("author")
def history():
    """The syncs that changed the database: when, who, what, from which commit."""
    return render_template("authoring/history.html", rows=queries.history())


@bp.get("/preview/<slug>/")
@role_required("author")
def preview_course(slug: str):
    """A course's outline and welcome text as a learner sees them (draft or not)."""
    outline = queries.preview(slug, locale_code()) or abort(404)
    return render_template(
        "authoring/preview_course.html", routes=queries.PREVIEW_ROUTES, **outline
    )


def item_page(slug: str, item: str, kind: str) -> dict:
    """The page data of an item to preview."""
    page = queries.preview_item(slug, item, kind, locale_code()) or abort(404)
    return {**page, "routes": queries.PREVIEW_ROUTES}


@bp.get("/preview/<slug>/lessons/<item>")
@role_required("author")
def preview_lesson(slug: str, item: str):
    """A lesson as a learner reads it."""
    return render_template("authoring/preview_item.html", **item_page(slug, item, "lesson"))


@bp.get("/preview/<slug>/quizzes/<item>")
@role_required("author")
def preview_quiz(slug: str, item: str):
    """A quiz's questions as a learner sees them (no answer key, no submit)."""
    page = item_page(slug, item, "quiz")
    questions = quizzes.quiz_questions(page["lesson"], locale_code(), page["course"].language)
    return render_template("authoring/preview_item.html", questions=questions, **page)


@bp.get("/preview/<slug>/assignments/<item>")
@role_required("author")
def preview_assignment(slug: str, item: str):
    """An assignment's brief and rubric as a learner sees them."""
    page = item_page(slug, item, "assignment")
    criteria = assignments.rubric(page["lesson"], locale_code(), page["course"].language)
    return render_template(
        "authoring/preview_item.html",
        criteria=criteria,
        total=assignments.total_points(criteria),
        **page,
    )


@bp.get("/preview/<slug>/media/<path:name>")
@role_required("author")
def preview_media(slug: str, name: str):
    """A file of a previewed course's media/ folder (draft or not), served as learners' are."""
    folder = queries.media_folder(slug, name) or abort(404)
    return send_media(folder, name, max_age=0)


@bp.app_template_filter("previewed")
def previewed(html: str, slug: str) -> Markup:
    """A body's links into its course (lessons, quizzes, media) turned to their previews, so
    that an author reading a draft stays in the preview."""
    learner = url_for("courses.course", slug=slug)
    preview = url_for("authoring.preview_course", slug=slug)
    return Markup(html.replace(f'="{learner}', f'="{preview}'))  # noqa: S704 (sanitised HTML)


@bp.app_template_global("sync_summary")
def sync_summary(counts: dict) -> str:
    """A history row's counts in words."""
    return summary(counts)


@bp.app_template_global("commit_label")
def git_commit_label(commit: str | None, dirty: bool) -> str:
    """A history row's git commit in words."""
    return commit_label(commit, dirty)


@bp.app_template_global("effects_of")
def effects_of(row) -> list[Effect]:
    """A history row's effects, rendered in the reader's language."""
    return [Effect.from_json(data) for data in row.impact]
