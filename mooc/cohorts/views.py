"""Cohort pages: trainers' cohorts, dashboard, enrolment, exports; the join link; admin reports."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    stream_with_context,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required

from mooc import caching
from mooc.accounts.auth import role_required
from mooc.accounts.queries import trainer_city_ids
from mooc.cities.models import REGIONS, region_name
from mooc.cities.queries import all_cities
from mooc.cohorts import (
    analysis,
    emails,
    exports,
    invitations,
    learners,
    queries,
    reports,
    scopes,
    services,
)
from mooc.cohorts.access import cohort_for
from mooc.cohorts.errors import CohortError
from mooc.cohorts.invitations import token_of
from mooc.cohorts.jobs import reminder_context
from mooc.cohorts.models import Cohort
from mooc.cohorts.reminders import MAX_DAYS, inactive
from mooc.cohorts.schemas import CohortInputSchema, CohortUpdateSchema
from mooc.courses.outlines import catalogue, paths_list
from mooc.extensions import db
from mooc.forms import load_form
from mooc.i18n import locale_code
from mooc.mail.delivery import render as render_mail
from mooc.urls import content_disposition, external_url

bp = Blueprint("cohorts", __name__, template_folder="templates")


@bp.app_context_processor
def template_helpers() -> dict:
    return {"region_name": region_name}


def visible_cohort(cohort_id: int):
    """The cohort for its trainers and admins; 404 for anyone else."""
    return cohort_for(current_user, cohort_id) or abort(404)


def form_errors(error: CohortError) -> dict[str, list[str]]:
    """A refusal shown beside its field (or above the form)."""
    return error.fields() or {"_schema": [error.message]}


def form_choices(locale: str, user=None, keep: int | None = None) -> dict:
    """Cities, countries, courses and paths for the cohort form (a trainer's own cities) and
    the admin report (every city)."""
    cities = all_cities()
    if user is not None and user.role != "admin":
        allowed = trainer_city_ids(user.id)
        cities = [city for city in cities if city.id in allowed or city.id == keep]
    return {
        "cities": cities,
        "countries": sorted({city.country for city in cities}),
        "courses": catalogue(locale),
        "paths": paths_list(locale),
    }


def target_url(cohort: Cohort) -> str:
    """The page of the cohort's course or path."""
    if cohort.course is not None:
        return url_for("courses.course", slug=cohort.course.slug)
    return url_for("courses.path", slug=cohort.path.slug)


@bp.get("/cohorts")
@role_required("trainer")
def index():
    """The trainer's cohorts (every cohort for admins)."""
    return render_template("cohorts/index.html", cohorts=queries.cohorts_of(current_user))


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
            except CohortError as error:
                errors = form_errors(error)
            else:
                flash(gettext("The cohort is ready: share its join link with your learners."))
                return redirect(url_for("cohorts.dashboard", cohort_id=cohort.id))
    return render_template(
        "cohorts/form.html", errors=errors, cohort=None, **form_choices(locale_code(), current_user)
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
                services.update_cohort(cohort, current_user, **data)
            except CohortError as error:
                errors = form_errors(error)
            else:
                flash(gettext("The cohort is saved."))
                return redirect(url_for("cohorts.dashboard", cohort_id=cohort.id))
    return render_template(
        "cohorts/form.html",
        errors=errors,
        cohort=cohort,
        **form_choices(locale_code(), current_user, keep=cohort.city_id),
    ), (400 if errors else 200)


@bp.get("/cohorts/<int:cohort_id>")
@role_required("trainer")
def dashboard(cohort_id: int):
    """Summary, completion per module, learners (filtered, searched, sorted, a page at a time)
    and item analysis, in a fixed number of queries whatever the cohort's size."""
    cohort = visible_cohort(cohort_id)
    locale = locale_code()
    listing = learners.Listing.from_args(request.args)
    scope = reports.scope_of(cohort, locale)
    summary, counts = learners.summary_of(scope)
    rows, matching, page, pages = learners.learner_page(
        scope, listing, None if listing.filtered else summary.enrolled
    )
    quiz_ids = [quiz.id for quiz in scope.quizzes]
    questions = analysis.item_analysis(scope, locale)
    # The rows and the question table change with the data they show, which is their key.
    row_html = [
        caching.kept_fragment(
            "cohorts/_rows.html",
            "learner_row",
            (tuple(quiz_ids), *learners.row_key(row)),
            row,
            quiz_ids,
        )
        for row in rows
    ]
    questions_html = caching.kept_fragment(
        "cohorts/_tables.html", "questions_table", analysis.questions_key(questions), questions
    )
    return render_template(
        "cohorts/dashboard.html",
        quiz_labels=[gettext("Q%(number)s", number=n) for n in range(1, len(quiz_ids) + 1)],
        row_html=row_html,
        questions_html=questions_html,
        cohort=cohort,
        scope=scope,
        summary=summary,
        summary_cells=exports.summary_cells(summary),
        counts=counts,
        listing=listing,
        filters=learners.FILTERS,
        rows=rows,
        matching=matching,
        page=page,
        pages=pages,
        page_size=learners.PAGE_SIZE,
        modules=analysis.module_completion(scope, summary.enrolled),
        trainers=queries.trainers_of(cohort.id),
        join_url=external_url("cohorts.join", code=cohort.join_code),
        job_threshold=current_app.config["REPORT_JOB_LEARNERS"],
    )


@bp.post("/cohorts/<int:cohort_id>/join-code")
@role_required("trainer")
def regenerate(cohort_id: int):
    """A new join link; the old one stops working."""
    services.regenerate_code(visible_cohort(cohort_id))
    flash(gettext("The join link was replaced: the old link no longer works."))
    return redirect(url_for("cohorts.add_learners", cohort_id=cohort_id))


MAX_SHOWN_ERRORS = 20


@bp.route("/cohorts/<int:cohort_id>/learners", methods=["GET", "POST"])
@role_required("trainer")
def add_learners(cohort_id: int):
    """Add learners by email (typed, pasted as an address list, or a CSV file); each is
    invited. A refused list is shown again, its errors beside the field."""
    cohort = visible_cohort(cohort_id)
    text, errors = "", {}
    if request.method == "POST":
        upload = request.files.get("file")
        text = request.form.get("emails", "")[:300_000]
        field = "file" if upload is not None and upload.filename else "emails"
        try:
            if field == "file":
                data = upload.read(emails.MAX_UPLOAD + 1)
                upload.close()  # a large upload is spooled to a temporary file
                valid, invalid = emails.parse_csv(data)
            else:
                valid, invalid = emails.parse_emails(text)
            if invalid:
                errors[field] = line_errors(invalid)
            elif not valid:
                errors[field] = [gettext("Enter at least one email address.")]
            else:
                how = "csv" if field == "file" else "email"
                report = services.add_learners(cohort, valid, how, current_user, locale_code())
                flash(
                    gettext("%(invited)s invited, %(already)s already invited or in the cohort.")
                    % {"invited": report.invited, "already": report.already}
                )
                return redirect(url_for("cohorts.add_learners", cohort_id=cohort_id))
        except CohortError as error:
            errors[error.field or field] = [error.message]
    return render_template(
        "cohorts/learners.html",
        cohort=cohort,
        text=text,
        errors=errors,
        join_url=external_url("cohorts.join", code=cohort.join_code),
        invitations=invitations.invitations_of(cohort.id),
    ), (400 if errors else 200)


def line_errors(invalid: list[tuple[int, str]]) -> list[str]:
    """The first lines that are not addresses, and how many more there are."""
    found = [
        gettext("Line %(line)s: '%(value)s' is not an email address.")
        % {"line": line, "value": value}
        for line, value in invalid[:MAX_SHOWN_ERRORS]
    ]
    if len(invalid) > MAX_SHOWN_ERRORS:
        found.append(gettext("… and %(count)s more.") % {"count": len(invalid) - MAX_SHOWN_ERRORS})
    found.append(gettext("Nobody was added: correct these lines and add the learners again."))
    return found


@bp.post("/cohorts/<int:cohort_id>/invitations/<int:invitation_id>/resend")
@role_required("trainer")
def resend(cohort_id: int, invitation_id: int):
    """Mail a pending invitation again."""
    cohort = visible_cohort(cohort_id)
    try:
        services.resend_invitation(cohort, invitation_id, current_user, locale_code())
    except CohortError as error:
        flash(error.message)
    else:
        flash(gettext("The invitation will be sent again in a moment."))
    return redirect(url_for("cohorts.add_learners", cohort_id=cohort_id) + "#invitations")


@bp.route("/cohorts/<int:cohort_id>/reminders", methods=["GET", "POST"])
@role_required("trainer")
def remind(cohort_id: int):
    """Remind the learners inactive for some days: a preview and a count, then the mails."""
    cohort = visible_cohort(cohort_id)
    source = request.form if request.method == "POST" else request.args
    days = min(MAX_DAYS, max(1, source.get("days", 7, type=int) or 7))
    limit = current_app.config["REMINDER_MESSAGE_LENGTH"]
    message = source.get("message", "").replace("\x00", "").strip()[:limit]
    scope = reports.scope_of(cohort, locale_code())
    recipients = inactive(scope, days)
    if request.method == "POST" and request.form.get("confirm"):
        if not recipients:
            flash(gettext("Nobody to remind: every learner was active in that time."))
            return redirect(url_for("cohorts.dashboard", cohort_id=cohort_id))
        ids = [row.user_id for row in recipients]
        job = services.send_reminders(cohort, current_user, days, message, ids)
        return redirect(url_for("jobs.job", job_id=job.id))
    sample = recipients[0].name if recipients else current_user.display_name
    params = {"days": days, "message": message}
    preview = render_mail(
        current_user.email,
        "cohorts/reminder",
        reminder_context(cohort, current_user, sample, params, scope.title),
        locale_code(),
        "reminders",
    )
    return render_template(
        "cohorts/reminders.html",
        cohort=cohort,
        days=days,
        message=message,
        limit=limit,
        recipients=recipients,
        subject=preview["Subject"],
        text=preview.get_body(("plain",)).get_content(),
    )


@bp.post("/cohorts/<int:cohort_id>/trainers")
@role_required("trainer")
def add_trainer(cohort_id: int):
    """Another trainer for the cohort."""
    cohort = visible_cohort(cohort_id)
    try:
        trainer = services.add_trainer(cohort, request.form.get("email", ""))
    except CohortError as error:
        flash(error.message)
    else:
        flash(gettext("%(name)s is a trainer of this cohort.") % {"name": trainer.display_name})
    return redirect(url_for("cohorts.dashboard", cohort_id=cohort_id))


def report_name(title: str, fmt: str) -> str:
    """A file name from a title: letters, digits and dashes."""
    return f"{exports.file_slug(title)}.{fmt}"


@bp.get("/cohorts/<int:cohort_id>/report.<fmt>")
@role_required("trainer")
def report(cohort_id: int, fmt: str):
    """The cohort's progress as CSV, XLSX or PDF, in the trainer's language."""
    cohort = visible_cohort(cohort_id)
    if fmt not in exports.FORMATS:
        abort(404)
    locale = locale_code()
    if fmt in current_app.config["REPORT_JOB_LEARNERS"] and queries.member_count(
        cohort.id
    ) > current_app.config["REPORT_JOB_LEARNERS"].get(fmt, 0):
        return render_template("cohorts/prepare.html", cohort=cohort, fmt=fmt, archive=False)
    scope = reports.scope_of(cohort, locale)
    name = report_name(cohort.name, fmt)
    if fmt == "csv":
        response = Response(
            stream_with_context(exports.csv_chunks(scope, reports.learner_rows(scope))),
            mimetype=exports.MIMETYPES["csv"],
        )
        response.headers["Content-Disposition"] = content_disposition(name)
        return response
    if fmt == "xlsx":
        handle = exports.xlsx_file(scope, reports.learner_rows(scope), cohort.name)
        return send_file(
            handle, mimetype=exports.MIMETYPES["xlsx"], as_attachment=True, download_name=name
        )
    content = exports.pdf_bytes(reports.report_context(cohort, scope, locale))
    return send_file(
        io.BytesIO(content),
        mimetype=exports.MIMETYPES["pdf"],
        as_attachment=True,
        download_name=name,
    )


@bp.post("/cohorts/<int:cohort_id>/report.<fmt>")
@role_required("trainer")
def prepare_report(cohort_id: int, fmt: str):
    """A large report is prepared by a worker: its page shows the progress, then the link."""
    cohort = visible_cohort(cohort_id)
    if fmt not in ("pdf", "xlsx"):
        abort(404)
    job = services.start_report(cohort, current_user, fmt, locale_code())
    return redirect(url_for("jobs.job", job_id=job.id))


@bp.route("/cohorts/<int:cohort_id>/certificates.zip", methods=["GET", "POST"])
@login_required
def certificates_archive(cohort_id: int):
    """For the cohort's trainers and admins: a ZIP of its members' valid certificates, prepared
    by a worker (GET shows the button that starts it)."""
    cohort = cohort_for(current_user, cohort_id) or abort(404)
    if request.method == "GET":
        return render_template("cohorts/prepare.html", cohort=cohort, fmt="zip", archive=True)
    job = services.start_archive(cohort, current_user)
    return redirect(url_for("jobs.job", job_id=job.id))


@bp.get("/invitations")
@login_required
def my_invitations():
    """The signed-in learner's pending invitations, to accept or decline."""
    return render_template(
        "cohorts/invitations.html",
        pending=[
            (token_of(invitation.id), invitation, cohort, reports.scope_of(cohort, locale_code()))
            for invitation, cohort in invitations.pending_for(current_user.email)
        ],
    )


@bp.get("/invitations/<token>")
def invitation(token: str):
    """An invitation from its mail's link: what it is, and how to accept or decline it."""
    found = invitations.by_token(token) or abort(404)
    cohort = db.session.get(Cohort, found.cohort_id)
    return render_template(
        "cohorts/invitation.html",
        token=token,
        invitation=found,
        cohort=cohort,
        target=reports.scope_of(cohort, locale_code()).title,
        trainers=queries.trainers_of(cohort.id),
        member=current_user.is_authenticated and queries.is_member(current_user.id, cohort.id),
    )


@bp.post("/invitations/<token>/accept")
@login_required
def accept(token: str):
    """Accept, signed in: join the cohort (the learner consents to her trainers seeing her
    progress in its course)."""
    found = invitations.by_token(token) or abort(404)
    try:
        cohort = services.accept_invitation(current_user, found)
    except CohortError as error:
        flash(error.message)
        return redirect(url_for("cohorts.invitation", token=token))
    flash(gettext("You joined %(cohort)s.") % {"cohort": cohort.name})
    return redirect(target_url(cohort))


@bp.post("/invitations/<token>/decline")
def decline(token: str):
    """Decline, signed in or not (the link proves the mail reached its reader)."""
    found = invitations.by_token(token) or abort(404)
    services.decline_invitation(found)
    flash(gettext("You declined the invitation. The trainer will see it."))
    if current_user.is_authenticated:
        return redirect(url_for("cohorts.my_invitations"))
    return redirect(url_for("courses.catalogue"))


@bp.route("/join/<code>", methods=["GET", "POST"])
def join(code: str):
    """A cohort's join link: what it is (cohort, course, city, trainers) for anyone; a signed-in
    learner joins with a click, and is enrolled in its course or path. A newcomer who chose to
    join before creating an account or signing in (`join_start`) joins on coming back."""
    cohort = queries.by_join_code(code) or abort(404)
    intent = current_user.is_authenticated and session.pop("join_intent", None) == code
    if request.method == "POST" or intent:
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        services.join(current_user, code)
        flash(gettext("You joined %(cohort)s.") % {"cohort": cohort.name})
        return redirect(target_url(cohort))
    return render_template(
        "cohorts/join.html",
        cohort=cohort,
        member=current_user.is_authenticated and queries.is_member(current_user.id, cohort.id),
        target=reports.scope_of(cohort, locale_code()).title,
        trainers=queries.trainers_of(cohort.id),
    )


@bp.post("/join/<code>/start")
def join_start(code: str):
    """Signed out: remember the choice to join (made on the join page, which says what the
    trainers will see), then create an account or sign in, and come back to join."""
    queries.by_join_code(code) or abort(404)
    session["join_intent"] = code
    back = url_for("cohorts.join", code=code)
    then = "accounts.register" if request.form.get("then") == "register" else "accounts.login"
    return redirect(url_for(then, next=back))


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
        pickers=report_pickers(),
    )


def report_pickers() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(scope, label, [(value, name)]) for the admin report's three lists: member cities,
    their countries by name in the page's language, and UCLG regions."""
    from babel import Locale
    from flask_babel import get_locale

    cities = all_cities()
    territories = Locale.parse(str(get_locale())).territories
    countries = sorted(
        ((code, territories.get(code, code)) for code in {city.country for city in cities}),
        key=lambda pair: pair[1].casefold(),
    )
    return [
        ("city", gettext("A member city"), [(str(city.id), city.name) for city in cities]),
        ("country", gettext("A country"), countries),
        ("region", gettext("A UCLG region"), [(code, region_name(code)) for code in REGIONS]),
    ]


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
