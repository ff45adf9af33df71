"""Assignment pages: the brief and rubric with the learner's work, her reviews to do and the
reviews of her work; the trainer's pages of a cohort's assignments and submissions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from mooc.accounts.auth import role_required
from mooc.assignments import dashboard, queries, services
from mooc.assignments.errors import AssignmentError
from mooc.cohorts.access import cohort_for
from mooc.courses import outlines, progress
from mooc.i18n import locale_code

bp = Blueprint("assignments", __name__, template_folder="templates")


@bp.app_template_global("assignment_summaries")
def assignment_summaries(cohort):
    """The cohort dashboard's assignment section (its template calls this)."""
    return dashboard.summaries(cohort, locale_code())


@bp.app_template_global("assignment_counts")
def assignment_counts(scope):
    """The counts of the cohort dashboard's assignment section (its template calls this)."""
    return dashboard.counts(scope)


def opened(slug: str, item: str, visit: bool = False) -> dict:
    """The page data of an assignment the learner may open; a refusal raises `LearningError`."""
    page = outlines.lesson_page(slug, item, "assignment", locale_code()) or abort(404)
    page = {**page, "lesson": queries.lesson_row(page["lesson"])}
    if visit:
        state, item_state = services.open_assignment(current_user.id, page, item)
    else:
        state, item_state = progress.open_item(current_user.id, page, item)
    criteria = queries.rubric(page["lesson"], locale_code(), page["course"].language)
    return {
        **page,
        "state": state,
        "item_state": item_state,
        "criteria": criteria,
        "total": queries.total_points(criteria),
    }


def form_levels() -> tuple[dict, dict]:
    """Levels and comments per criterion from a review form (`level-<id>`, `comment-<id>`)."""
    levels = {k[6:]: v for k, v in request.form.items() if k.startswith("level-")}
    comments = {k[8:]: v for k, v in request.form.items() if k.startswith("comment-")}
    return levels, comments


@bp.get("/courses/<slug>/assignments/<item>")
@login_required
def assignment(slug: str, item: str):
    """The brief, the rubric, the learner's work (draft, handed in, graded with its reviews)
    and the work she was given to review."""
    page = opened(slug, item, visit=True)
    lesson = page["lesson"]
    submission = queries.submission_of(current_user.id, lesson)
    received = (
        queries.received_reviews(submission)
        if submission is not None and submission.status == "graded"
        else []
    )
    return render_template(
        "assignments/assignment.html",
        submission=submission,
        received=received,
        comments={r.review.id: queries.comments_html(r.review) for r in received},
        to_do=queries.reviews_to_do(current_user.id, lesson),
        **page,
    )


@bp.post("/courses/<slug>/assignments/<item>/submission")
@login_required
def save(slug: str, item: str):
    """Save the draft, or hand it in (`action=submit`)."""
    page = opened(slug, item)
    hand_in = request.form.get("action") == "submit"
    try:
        services.save(current_user.id, page["lesson"], request.form.get("body", ""), hand_in)
    except AssignmentError as error:
        flash(error.message)
    else:
        flash(gettext("Your work is handed in.") if hand_in else gettext("Your draft is saved."))
    return redirect(url_for("assignments.assignment", slug=slug, item=item))


@bp.post("/courses/<slug>/assignments/<item>/submission/withdraw")
@login_required
def withdraw(slug: str, item: str):
    """Take the work back to a draft (while no review has started)."""
    page = opened(slug, item)
    try:
        services.withdraw(current_user.id, page["lesson"])
    except AssignmentError as error:
        flash(error.message)
    else:
        flash(gettext("Your work is back to a draft: change it and hand it in again."))
    return redirect(url_for("assignments.assignment", slug=slug, item=item))


@bp.post("/courses/<slug>/assignments/<item>/reviews")
@login_required
def request_reviews(slug: str, item: str):
    """Ask for work to review."""
    page = opened(slug, item)
    try:
        services.request_reviews(current_user.id, page["lesson"])
    except AssignmentError as error:
        flash(error.message)
    return redirect(url_for("assignments.assignment", slug=slug, item=item) + "#to-review")


@bp.route("/courses/<slug>/assignments/<item>/reviews/<int:review_id>", methods=["GET", "POST"])
@login_required
def review(slug: str, item: str, review_id: int):
    """A piece of work the learner was given to review (its author unnamed), and the form: a
    level and a comment per criterion; saved as a draft or sent."""
    page = opened(slug, item)
    found = queries.given_review(current_user.id, page["lesson"], review_id) or abort(404)
    errors = []
    if request.method == "POST":
        levels, comments = form_levels()
        send = request.form.get("action") == "submit"
        try:
            services.save_review(found, levels, comments, send)
        except AssignmentError as error:
            errors.append(error.message)
            found.levels, found.comments = levels, comments
        else:
            flash(gettext("Your review is sent. Thank you.") if send else gettext("Saved."))
            return redirect(url_for("assignments.assignment", slug=slug, item=item) + "#to-review")
    return render_template(
        "assignments/review.html",
        review=found,
        work=found.submission,
        errors=errors,
        **page,
    ), 422 if errors else 200


@bp.post("/courses/<slug>/assignments/<item>/flags")
@login_required
def flag(slug: str, item: str):
    """The author flags a review of her work as unfair (`review` in the form)."""
    page = opened(slug, item)
    try:
        services.flag(
            current_user.id,
            page["lesson"],
            request.form.get("review", type=int) or 0,
            request.form.get("reason", ""),
        )
    except AssignmentError as error:
        flash(error.message)
    else:
        flash(gettext("The review is flagged: a trainer will look at it."))
    return redirect(url_for("assignments.assignment", slug=slug, item=item) + "#reviews")


def trained(cohort_id: int):
    """The cohort for its trainers and admins; 404 for anyone else."""
    return cohort_for(current_user, cohort_id) or abort(404)


@bp.get("/cohorts/<int:cohort_id>/assignments")
@role_required("trainer")
def cohort_assignments(cohort_id: int):
    """Each assignment of the cohort: counts, the spread of levels per criterion, the work."""
    cohort = trained(cohort_id)
    return render_template(
        "assignments/cohort.html",
        cohort=cohort,
        summaries=dashboard.summaries(cohort, locale_code()),
    )


def submission_page(cohort, submission, errors=(), status=200):
    lesson = submission.lesson
    criteria = queries.rubric(lesson, locale_code(), lesson.course.language)
    reviews = dashboard.named_reviews(submission)
    return render_template(
        "assignments/submission.html",
        cohort=cohort,
        submission=submission,
        lesson=lesson,
        author=dashboard.author_name(submission),
        criteria=criteria,
        total=queries.total_points(criteria),
        reviews=reviews,
        comments={r.id: queries.comments_html(r) for r, _name in reviews},
        mine=next((r for r, _n in reviews if r.reviewer_id == current_user.id), None),
        errors=list(errors),
    ), status


@bp.get("/cohorts/<int:cohort_id>/submissions/<int:submission_id>")
@role_required("trainer")
def submission(cohort_id: int, submission_id: int):
    """One learner's work with every review (reviewers named), flags, and the trainer's form."""
    cohort = trained(cohort_id)
    found = dashboard.cohort_submission(cohort, submission_id) or abort(404)
    return submission_page(cohort, found)


@bp.post("/cohorts/<int:cohort_id>/submissions/<int:submission_id>/review")
@role_required("trainer")
def trainer_review(cohort_id: int, submission_id: int):
    """The trainer's own review: her levels decide the grade."""
    cohort = trained(cohort_id)
    found = dashboard.cohort_submission(cohort, submission_id) or abort(404)
    levels, comments = form_levels()
    try:
        services.trainer_review(current_user.id, found, levels, comments)
    except AssignmentError as error:
        return submission_page(cohort, found, [error.message], 422)
    flash(gettext("Your review is saved: it decides the grade."))
    return redirect(url_for("assignments.submission", cohort_id=cohort.id, submission_id=found.id))


@bp.post("/cohorts/<int:cohort_id>/submissions/<int:submission_id>/decisions")
@role_required("trainer")
def decide(cohort_id: int, submission_id: int):
    """Decide a flagged review (`review`, `decision=uphold|dismiss`)."""
    cohort = trained(cohort_id)
    found = dashboard.cohort_submission(cohort, submission_id) or abort(404)
    target = dashboard.review_of(found, request.form.get("review", type=int) or 0) or abort(404)
    try:
        services.decide(target, request.form.get("decision") == "uphold")
    except AssignmentError as error:
        flash(error.message)
    return redirect(url_for("assignments.submission", cohort_id=cohort.id, submission_id=found.id))
