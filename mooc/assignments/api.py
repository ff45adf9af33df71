"""Assignments in the JSON API: the learner's work and reviews, the trainer's views."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user, login_required

from mooc.api import ApiError, load, route
from mooc.assignments import dashboard, queries, schemas, services
from mooc.cohorts.access import cohort_for
from mooc.courses import outlines, progress
from mooc.i18n import locale_code

BASE = "/courses/<slug>/assignments/<item>"


def opened(slug: str, item: str, visit: bool = False) -> dict:
    """An assignment the learner may open, or the refusal (404, or 403 with the reason)."""
    page = outlines.lesson_page(slug, item, "assignment", locale_code())
    if page is None:
        raise ApiError(404)
    page = {**page, "lesson": queries.lesson_row(page["lesson"])}
    if visit:
        state, item_state = services.open_assignment(current_user.id, page, item)
    else:
        state, item_state = progress.open_item(current_user.id, page, item)
    return {**page, "state": state, "item_state": item_state}


def page_of(page: dict) -> dict:
    """Everything `AssignmentSchema` dumps, for the signed-in learner."""
    lesson = page["lesson"]
    criteria = queries.rubric(lesson, locale_code(), page["course"].language)
    submission = queries.submission_of(current_user.id, lesson)
    graded = submission is not None and submission.status == "graded"
    return {
        **page,
        "criteria": criteria,
        "total": queries.total_points(criteria),
        "submission": submission,
        "to_do": queries.reviews_to_do(current_user.id, lesson),
        "received": queries.received_reviews(submission) if graded else [],
    }


@route(
    BASE,
    "GET",
    summary="An assignment: brief, rubric, your work, your reviews to do and received",
    tag="assignments",
    response=schemas.AssignmentSchema,
)
@login_required
def assignment_api(slug: str, item: str):
    page = opened(slug, item, visit=True)
    return jsonify(schemas.AssignmentSchema().dump(page_of(page)))


@route(
    f"{BASE}/submission",
    "PUT",
    summary="Save your work as a draft, or hand it in with submit: true",
    tag="assignments",
    body=schemas.WorkInputSchema,
    response=schemas.WorkSchema,
)
@login_required
def save_submission(slug: str, item: str):
    page = opened(slug, item)
    data = load(schemas.WorkInputSchema())
    work = services.save(current_user.id, page["lesson"], data["body"], data["submit"])
    return jsonify(schemas.WorkSchema().dump(work))


@route(
    f"{BASE}/submission/withdraw",
    "POST",
    summary="Take your handed-in work back to a draft (until a review starts)",
    tag="assignments",
    response=schemas.WorkSchema,
)
@login_required
def withdraw_submission(slug: str, item: str):
    page = opened(slug, item)
    return jsonify(schemas.WorkSchema().dump(services.withdraw(current_user.id, page["lesson"])))


@route(
    f"{BASE}/reviews",
    "POST",
    summary="Ask for work to review; returns every review you were given",
    tag="assignments",
    response=schemas.ReviewTaskSchema,
    many=True,
)
@login_required
def request_reviews_api(slug: str, item: str):
    page = opened(slug, item)
    found = services.request_reviews(current_user.id, page["lesson"])
    return jsonify(schemas.ReviewTaskSchema(many=True).dump(found))


def given(page: dict, review_id: int):
    found = queries.given_review(current_user.id, page["lesson"], review_id)
    if found is None:
        raise ApiError(404)
    return found


@route(
    f"{BASE}/reviews/<int:review_id>",
    "GET",
    summary="A review you were given: the work (its author unnamed) and your levels",
    tag="assignments",
    response=schemas.ReviewTaskSchema,
)
@login_required
def review_api(slug: str, item: str, review_id: int):
    page = opened(slug, item)
    return jsonify(schemas.ReviewTaskSchema().dump(given(page, review_id)))


@route(
    f"{BASE}/reviews/<int:review_id>",
    "PUT",
    summary="Save your review (a level and a comment per criterion); submit: true sends it",
    tag="assignments",
    body=schemas.ReviewInputSchema,
    response=schemas.ReviewTaskSchema,
)
@login_required
def save_review_api(slug: str, item: str, review_id: int):
    page = opened(slug, item)
    found = given(page, review_id)
    data = load(schemas.ReviewInputSchema())
    saved = services.save_review(found, data["levels"], data["comments"], data["submit"])
    return jsonify(schemas.ReviewTaskSchema().dump(saved))


@route(
    f"{BASE}/received/<int:review_id>/flag",
    "POST",
    summary="Flag a review of your work as unfair (a trainer decides)",
    tag="assignments",
    body=schemas.FlagInputSchema,
    status=204,
)
@login_required
def flag_review(slug: str, item: str, review_id: int):
    page = opened(slug, item)
    data = load(schemas.FlagInputSchema())
    services.flag(current_user.id, page["lesson"], review_id, data["reason"])
    return "", 204


def cohort_or_404(cohort_id: int):
    if not current_user.is_authenticated:
        raise ApiError(401)
    if not current_user.has_role("trainer"):
        raise ApiError(403)
    cohort = cohort_for(current_user, cohort_id)
    if cohort is None:
        raise ApiError(404)
    return cohort


@route(
    "/cohorts/<int:cohort_id>/assignments",
    "GET",
    summary="A cohort's assignments: counts, rubric analysis, submissions",
    tag="assignments",
    response=schemas.CohortAssignmentSchema,
    many=True,
)
def cohort_assignments_api(cohort_id: int):
    cohort = cohort_or_404(cohort_id)
    found = dashboard.summaries(cohort, locale_code())
    return jsonify(schemas.CohortAssignmentSchema(many=True).dump(found))


def cohort_work(cohort_id: int, submission_id: int):
    cohort = cohort_or_404(cohort_id)
    found = dashboard.cohort_submission(cohort, submission_id)
    if found is None:
        raise ApiError(404)
    return found


def work_page(found) -> dict:
    return {
        "author": dashboard.author_name(found),
        "submission": found,
        "reviews": dashboard.named_reviews(found),
    }


@route(
    "/cohorts/<int:cohort_id>/submissions/<int:submission_id>",
    "GET",
    summary="A learner's work with every review, reviewers named",
    tag="assignments",
    response=schemas.CohortSubmissionSchema,
)
def cohort_submission_api(cohort_id: int, submission_id: int):
    found = cohort_work(cohort_id, submission_id)
    return jsonify(schemas.CohortSubmissionSchema().dump(work_page(found)))


@route(
    "/cohorts/<int:cohort_id>/submissions/<int:submission_id>/review",
    "PUT",
    summary="Your review as a trainer: it decides the grade",
    tag="assignments",
    body=schemas.ReviewInputSchema,
    response=schemas.CohortSubmissionSchema,
)
def trainer_review_api(cohort_id: int, submission_id: int):
    found = cohort_work(cohort_id, submission_id)
    data = load(schemas.ReviewInputSchema())
    services.trainer_review(current_user.id, found, data["levels"], data["comments"])
    return jsonify(schemas.CohortSubmissionSchema().dump(work_page(found)))


@route(
    "/cohorts/<int:cohort_id>/submissions/<int:submission_id>/decisions",
    "POST",
    summary="Decide a flagged review: uphold sets it aside, else it stays",
    tag="assignments",
    body=schemas.DecisionInputSchema,
    response=schemas.CohortSubmissionSchema,
)
def decide_flag(cohort_id: int, submission_id: int):
    found = cohort_work(cohort_id, submission_id)
    data = load(schemas.DecisionInputSchema())
    target = dashboard.review_of(found, data["review"])
    if target is None:
        raise ApiError(404)
    services.decide(target, data["uphold"])
    return jsonify(schemas.CohortSubmissionSchema().dump(work_page(found)))
