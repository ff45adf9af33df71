"""Cohort pages: trainers' cohorts, dashboard, enrolment, exports; the join link; admin reports."""

from __future__ import annotations

import io
import re

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mooc.accounts.auth import role_required
from mooc.cohorts import analysis, enrolment, exports, reports, scopes, services
from mooc.cohorts.access import cohort_for
from mooc.cohorts.chart import module_chart
from mooc.cohorts.models import REGIONS
from mooc.cohorts.schemas import CohortInputSchema, CohortUpdateSchema
from mooc.forms import load_form
from mooc.i18n import locale_code

bp = Blueprint("cohorts", __name__, template_folder="templates")

PAGE_SIZE = 50


@bp.app_context_processor
def template_helpers() -> dict:
    return {"region_name": scopes.region_name}


def visible_cohort(cohort_id: int):
    """The cohort for its trainers and admins; 404 for anyone else."""
    return cohort_for(current_user, cohort_id) or abort(404)


def error_text(error: services.CohortError) -> str:
    return str(services.ERRORS.get(error.code, _l("This request is not valid.")))


@bp.get("/cohorts")
@role_required("trainer")
def index():
    """The trainer's cohorts (every cohort for admins)."""
    return render_template("cohorts/index.html", cohorts=services.cohorts_of(current_user))


@bp.route("/cohorts/new", methods=["GET", "POST"])
@role_required("trainer")
def create():
    """A new cohort, run by the trainer who creates it."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data, errors = load_form(CohortInputSchema())
        if data is not None:
            try:
                cohort = services.create(current_user, **data)
            except services.CohortError as error:
                errors = {error.field or "_schema": [error_text(error)]}
            else:
                flash(gettext("The cohort is ready: share its join link with your learners."))
                return redirect(url_for("cohorts.dashboard", cohort_id=cohort.id))
    return render_template(
        "cohorts/form.html", errors=errors, cohort=None, **services.form_choices(locale_code())
    ), (400 if errors else 200)


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@role_required("trainer")
def edit(cohort_id: int):
    """Change a cohort's name, city or dates."""
    cohort = visible_cohort(cohort_id)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data, errors = load_form(CohortUpdateSchema())
        if data is not None:
            try:
                services.update(cohort, **data)
            except services.CohortError as error:
                errors = {error.field or "_schema": [error_text(error)]}
            else:
                flash(gettext("The cohort is saved."))
                return redirect(url_for("cohorts.dashboard", cohort_id=cohort.id))
    return render_template(
        "cohorts/form.html", errors=errors, cohort=cohort, **services.form_choices(locale_code())
    ), (400 if errors else 200)


@bp.get("/cohorts/<int:cohort_id>")
@role_required("trainer")
def dashboard(cohort_id: int):
    """Summary, completion per module, learners (a page at a time) and item analysis."""
    cohort = visible_cohort(cohort_id)
    locale = locale_code()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    scope = reports.scope_of(cohort, locale)
    summary, rows = reports.summary_and_page(scope, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    return render_template(
        "cohorts/dashboard.html",
        cohort=cohort,
        scope=scope,
        summary=summary,
        summary_cells=exports.summary_cells(summary),
        rows=rows,
        page=page,
        pages=max(1, -(-summary.enrolled // PAGE_SIZE)),
        chart=module_chart(analysis.module_completion(scope)),
        questions=analysis.item_analysis(scope, locale),
        trainers=services.trainers_of(cohort.id),
        invitations=enrolment.pending_invitations(cohort.id),
        join_url=url_for("cohorts.join", code=cohort.join_code, _external=True),
    )


@bp.post("/cohorts/<int:cohort_id>/join-code")
@role_required("trainer")
def regenerate(cohort_id: int):
    """A new join link; the old one stops working."""
    services.regenerate_code(visible_cohort(cohort_id))
    flash(gettext("The join link was replaced: the old link no longer works."))
    return redirect(url_for("cohorts.dashboard", cohort_id=cohort_id))


@bp.post("/cohorts/<int:cohort_id>/learners")
@role_required("trainer")
def add_learners(cohort_id: int):
    """Add learners by email (typed, or a CSV file); unknown emails are invited."""
    cohort = visible_cohort(cohort_id)
    upload = request.files.get("file")
    try:
        if upload is not None and upload.filename:
            data = upload.read(enrolment.MAX_UPLOAD + 1)
            upload.close()  # a large upload is spooled to a temporary file
            valid, invalid = enrolment.parse_csv(data)
            how = "csv"
        else:
            valid, invalid = enrolment.parse_emails(request.form.get("emails", "")[:300_000])
            how = "email"
        if invalid:
            for line, value in invalid[:20]:
                flash(
                    gettext("Line %(line)s: '%(value)s' is not an email address.")
                    % {"line": line, "value": value}
                )
            flash(gettext("Nobody was added: correct the lines above and try again."))
        elif not valid:
            flash(gettext("Enter at least one email address."))
        else:
            report = enrolment.add_learners(cohort, valid, how)
            flash(
                gettext("%(added)s added, %(invited)s invited, %(already)s already in the cohort.")
                % {"added": report.added, "invited": report.invited, "already": report.already}
            )
    except services.CohortError as error:
        flash(error_text(error))
    return redirect(url_for("cohorts.dashboard", cohort_id=cohort_id))


@bp.post("/cohorts/<int:cohort_id>/trainers")
@role_required("trainer")
def add_trainer(cohort_id: int):
    """Another trainer for the cohort."""
    cohort = visible_cohort(cohort_id)
    try:
        trainer = services.add_trainer(cohort, request.form.get("email", ""))
    except services.CohortError as error:
        flash(error_text(error))
    else:
        flash(gettext("%(name)s is a trainer of this cohort.") % {"name": trainer.display_name})
    return redirect(url_for("cohorts.dashboard", cohort_id=cohort_id))


def report_name(title: str, fmt: str) -> str:
    """A file name from a title: letters, digits and dashes."""
    slug = re.sub(r"[^\w]+", "-", title, flags=re.UNICODE).strip("-").lower() or "report"
    return f"{slug[:60]}.{fmt}"


@bp.get("/cohorts/<int:cohort_id>/report.<fmt>")
@role_required("trainer")
def report(cohort_id: int, fmt: str):
    """The cohort's progress as CSV, XLSX or PDF, in the trainer's language."""
    cohort = visible_cohort(cohort_id)
    if fmt not in exports.FORMATS:
        abort(404)
    locale = locale_code()
    scope = reports.scope_of(cohort, locale)
    name = report_name(cohort.name, fmt)
    if fmt == "csv":
        response = Response(
            stream_with_context(exports.csv_chunks(scope, reports.learner_rows(scope))),
            mimetype=exports.MIMETYPES["csv"],
        )
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if fmt == "xlsx":
        handle = exports.xlsx_file(scope, reports.learner_rows(scope), cohort.name)
        return send_file(
            handle, mimetype=exports.MIMETYPES["xlsx"], as_attachment=True, download_name=name
        )
    content = exports.pdf_bytes(services.report_context(cohort, scope, locale))
    return send_file(
        io.BytesIO(content),
        mimetype=exports.MIMETYPES["pdf"],
        as_attachment=True,
        download_name=name,
    )


@bp.route("/join/<code>", methods=["GET", "POST"])
@login_required
def join(code: str):
    """A learner joins a cohort through its link, and is enrolled in its course or path."""
    cohort = services.by_join_code(code) or abort(404)
    if request.method == "POST":
        services.join(current_user, code)
        flash(gettext("You joined %(cohort)s.") % {"cohort": cohort.name})
        return redirect(services.target_url(cohort))
    return render_template(
        "cohorts/join.html",
        cohort=cohort,
        member=services.is_member(current_user.id, cohort.id),
        target=services.target_title(cohort, locale_code()),
    )


@bp.get("/admin/reports")
@role_required("admin")
def admin_report():
    """Every cohort of a member city, a country or a UCLG region, side by side."""
    scope, value = request.args.get("scope", ""), request.args.get("value", "").strip()
    rows = scopes.scope_report(scope, value, locale_code()) if scope and value else None
    return render_template(
        "cohorts/admin_report.html",
        scope=scope,
        value=value,
        rows=rows,
        scope_title=scopes.scope_title(scope, value) if rows is not None else "",
        regions=REGIONS,
        **services.form_choices(locale_code()),
    )


@bp.get("/admin/reports.<fmt>")
@role_required("admin")
def admin_report_export(fmt: str):
    """The admin report as CSV, XLSX or PDF."""
    if fmt not in exports.FORMATS:
        abort(404)
    scope, value = request.args.get("scope", ""), request.args.get("value", "").strip()
    rows = scopes.scope_report(scope, value, locale_code())
    content = exports.scope_export(rows, fmt, scopes.scope_title(scope, value))
    name = report_name(f"{scope}-{value}", fmt)
    return send_file(
        content, mimetype=exports.MIMETYPES[fmt], as_attachment=True, download_name=name
    )
