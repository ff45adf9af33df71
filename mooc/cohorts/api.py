"""Cohorts and their reports in the JSON API: the same services as the trainer's pages."""

from __future__ import annotations

from itertools import islice

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mooc.api import ApiError, load, route
from mooc.cohorts import analysis, queries, reports, schemas, scopes, services
from mooc.cohorts.access import cohort_for
from mooc.cohorts.models import Cohort
from mooc.i18n import locale_code
from mooc.schemas import MAX_INTEGER


def trainer_required() -> None:
    """Trainers and admins only (401 when signed out, 403 for learners)."""
    if not current_user.is_authenticated:
        raise ApiError(401)
    if not current_user.has_role("trainer"):
        raise ApiError(403)


def cohort_or_404(cohort_id: int) -> Cohort:
    trainer_required()
    cohort = cohort_for(current_user, cohort_id)
    if cohort is None:
        raise ApiError(404)
    return cohort


@route(
    "/cohorts",
    "GET",
    summary="Your cohorts (every cohort for admins)",
    tag="cohorts",
    response=schemas.CohortSchema,
    many=True,
)
def list_cohorts():
    trainer_required()
    found = queries.cohorts_of(current_user)
    entries = [{"cohort": cohort, "members": members} for cohort, members in found]
    return jsonify(schemas.CohortSchema(many=True).dump(entries))


@route(
    "/cohorts",
    "POST",
    summary="Create a cohort",
    tag="cohorts",
    body=schemas.CohortInputSchema,
    response=schemas.CohortSchema,
    status=201,
)
def create_cohort():
    trainer_required()
    data = load(schemas.CohortInputSchema())
    cohort = services.create(current_user, **data)
    return jsonify(schemas.CohortSchema().dump({"cohort": cohort, "members": 0})), 201


@route(
    "/cohorts/<int:cohort_id>",
    "GET",
    summary="A cohort and its summary",
    tag="cohorts",
    response=schemas.CohortSchema,
)
def get_cohort(cohort_id: int):
    cohort = cohort_or_404(cohort_id)
    summary = reports.cohort_summary(cohort, locale_code())
    return jsonify(schemas.CohortSchema().dump({"cohort": cohort, "summary": summary}))


@route(
    "/cohorts/<int:cohort_id>",
    "PATCH",
    summary="Change a cohort's name, city or dates",
    tag="cohorts",
    body=schemas.CohortUpdateSchema,
    response=schemas.CohortSchema,
)
def update_cohort(cohort_id: int):
    cohort = cohort_or_404(cohort_id)
    data = load(schemas.CohortUpdateSchema(), partial=True)
    services.update_cohort(cohort, current_user, **data)
    members = queries.member_count(cohort.id)
    return jsonify(schemas.CohortSchema().dump({"cohort": cohort, "members": members}))


@route(
    "/cohorts/<int:cohort_id>/learners",
    "GET",
    summary="Each learner's progress (a page at a time: ?page=1&per_page=100)",
    tag="cohorts",
    response=schemas.LearnerProgressSchema,
    many=True,
)
def cohort_learners(cohort_id: int):
    cohort = cohort_or_404(cohort_id)
    page = min(MAX_INTEGER, max(1, request.args.get("page", 1, type=int) or 1))
    per_page = min(1000, max(1, request.args.get("per_page", 100, type=int) or 100))
    scope = reports.scope_of(cohort, locale_code())
    slugs = {quiz.id: quiz.slug for quiz in scope.quizzes}
    rows = islice(reports.learner_rows(scope), (page - 1) * per_page, page * per_page)
    return jsonify(schemas.LearnerProgressSchema(many=True, quiz_slugs=slugs).dump(rows))


@route(
    "/cohorts/<int:cohort_id>/learners",
    "POST",
    summary="Invite learners by email (each becomes a member when she accepts)",
    tag="cohorts",
    body=schemas.EmailsSchema,
    response=schemas.EnrolledSchema,
)
def add_learners(cohort_id: int):
    cohort = cohort_or_404(cohort_id)
    data = load(schemas.EmailsSchema())
    emails = list(enumerate(data["emails"], start=1))
    report = services.add_learners(cohort, emails, "email", current_user, locale_code())
    return jsonify(schemas.EnrolledSchema().dump(report))


@route(
    "/cohorts/<int:cohort_id>/modules",
    "GET",
    summary="Completion per module",
    tag="cohorts",
    response=schemas.ModuleCompletionSchema,
    many=True,
)
def cohort_modules(cohort_id: int):
    cohort = cohort_or_404(cohort_id)
    found = analysis.module_completion(reports.scope_of(cohort, locale_code()))
    return jsonify(schemas.ModuleCompletionSchema(many=True).dump(found))


@route(
    "/cohorts/<int:cohort_id>/questions",
    "GET",
    summary="Item analysis: share of first attempts right, per quiz question",
    tag="cohorts",
    response=schemas.QuestionStatSchema,
    many=True,
)
def cohort_questions(cohort_id: int):
    cohort = cohort_or_404(cohort_id)
    locale = locale_code()
    found = analysis.item_analysis(reports.scope_of(cohort, locale), locale)
    return jsonify(schemas.QuestionStatSchema(many=True).dump(found))


@route(
    "/cohorts/<int:cohort_id>/join-code",
    "POST",
    summary="Replace the join link (the old one stops working)",
    tag="cohorts",
    response=schemas.CohortSchema,
)
def regenerate_code(cohort_id: int):
    cohort = cohort_or_404(cohort_id)
    services.regenerate_code(cohort)
    members = queries.member_count(cohort.id)
    return jsonify(schemas.CohortSchema().dump({"cohort": cohort, "members": members}))


@route(
    "/join/<code>",
    "POST",
    summary="Join a cohort with the code of its join link",
    tag="cohorts",
    response=schemas.JoinedSchema,
)
@login_required
def join(code: str):
    cohort = services.join(current_user, code)
    return jsonify(schemas.JoinedSchema().dump(cohort))


@route(
    "/reports",
    "GET",
    summary="Admins: every cohort of a city (?city=ID), a country (?country=XX) or a region "
    "(?region=CODE)",
    tag="cohorts",
    response=schemas.ScopeReportSchema,
    many=True,
)
def scope_report():
    if not current_user.is_authenticated:
        raise ApiError(401)
    if current_user.role != "admin":
        raise ApiError(403)
    scope = next((key for key in ("city", "country", "region") if key in request.args), None)
    if scope is None:
        raise ApiError(
            400, "missing_scope", _l("Give one of city, country or region as a query parameter.")
        )
    entries = scopes.scope_report(scope, request.args[scope].strip(), locale_code())
    return jsonify(schemas.ScopeReportSchema(many=True).dump(entries))
