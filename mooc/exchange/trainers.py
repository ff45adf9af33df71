"""Exchange pages for trainers and admins (per cohort, reports, case studies) and the learner's
privacy pages (her data, closing her account). Registered on the exchange blueprint."""

from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from mooc.cohorts.access import cohort_for
from mooc.courses import reflections
from mooc.errors import ServiceError
from mooc.exchange import access, exports, notes, privacy, queries, services
from mooc.exchange.views import bp, flag, number
from mooc.i18n import locale_code


def trainer_cohort(cohort_id: int):
    """The cohort for its trainers and admins, with its course; 404 for anyone else."""
    cohort = cohort_for(current_user, cohort_id) or abort(404)
    if cohort.course_id is None:
        abort(404)
    return cohort, queries.course_by_id(cohort.course_id)


def admin_only() -> None:
    if not current_user.is_authenticated or current_user.role != "admin":
        abort(404)


@bp.get("/cohorts/<int:cohort_id>/exchange")
@login_required
def cohort_exchange(cohort_id: int):
    """Per prompt, how many of the cohort answered and shared; its discussions; muted learners."""
    cohort, course = trainer_cohort(cohort_id)
    stats = queries.prompt_stats(cohort.id, course.id)
    prompts = reflections.prompts(course.id, locale_code(), course.language)
    from mooc.courses.outlines import outline_of

    outline = outline_of(course, locale_code(), titles_only=True)
    return render_template(
        "exchange/cohort.html",
        cohort=cohort,
        course=course,
        prompts=[(found, stats.get(found.prompt.id, (0, 0))) for found in prompts],
        discussions=queries.discussions_of(cohort.id),
        modules=outline["modules"],
        mutes=queries.mutes(cohort.id),
        reports=len(queries.open_reports(cohort.id)),
    )


def chosen_prompt(course):
    """The prompt `?prompt=` names (`prompt` in a form), else the course's first; None when
    the course has none."""
    slug = request.values.get("prompt")
    if slug:
        return queries.prompt_of(course, slug) or abort(404)
    prompts = reflections.prompts(course.id, course.language, course.language)
    return prompts[0].prompt if prompts else None


@bp.get("/cohorts/<int:cohort_id>/exchange/answers")
@login_required
def cohort_prompt(cohort_id: int):
    """The cohort's shared answers to a prompt (`?prompt=`), for a live session."""
    cohort, course = trainer_cohort(cohort_id)
    row = chosen_prompt(course)
    page = (
        queries.cohort_answers(row, cohort.id, current_user.id, number(), moderator=True)
        if row
        else None
    )
    return render_template(
        "exchange/cohort_prompt.html",
        cohort=cohort,
        course=course,
        prompt=row,
        prompts=reflections.prompts(course.id, locale_code(), course.language),
        text=notes.prompt_text(course, row, locale_code()) if row else None,
        page=page,
        opened=queries.is_open(cohort.id, row.id) if row else False,
    )


@bp.get("/cohorts/<int:cohort_id>/exchange/answers.<fmt>")
@login_required
def cohort_prompt_export(cohort_id: int, fmt: str):
    """The cohort's shared answers to a prompt (`?prompt=`) as CSV or PDF (every page)."""
    cohort, course = trainer_cohort(cohort_id)
    if fmt not in ("csv", "pdf"):
        abort(404)
    row = chosen_prompt(course)
    if row is None:
        return Response(exports.cohort_csv([]), mimetype="text/csv")
    entries = []
    page_number = 1
    while True:
        page = queries.cohort_answers(row, cohort.id, current_user.id, page_number, True)
        entries.extend(page.entries)
        if not page.more:
            break
        page_number += 1
    name = f"{cohort.id}-{row.slug}.{fmt}"
    if fmt == "csv":
        body, mimetype = exports.cohort_csv(entries), "text/csv"
    else:
        context = {
            "cohort": cohort,
            "course": course,
            "text": notes.prompt_text(course, row, locale_code()),
            "entries": entries,
        }
        body, mimetype = exports.pdf("exchange/cohort_prompt_pdf.html", context), "application/pdf"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="answers-{name}"'},
    )


@bp.post("/cohorts/<int:cohort_id>/exchange/open")
@login_required
def open_prompt(cohort_id: int):
    """Open a prompt's shared answers to all of the cohort (`close=1`: only to who shared)."""
    cohort, course = trainer_cohort(cohort_id)
    row = chosen_prompt(course) or abort(404)
    services.open_prompt(cohort, row, not flag("close"))
    return redirect(url_for("exchange.cohort_prompt", cohort_id=cohort.id, prompt=row.slug))


@bp.post("/cohorts/<int:cohort_id>/discussions")
@login_required
def start_discussion(cohort_id: int):
    """A trainer opens a discussion on a module."""
    cohort, _course = trainer_cohort(cohort_id)
    try:
        found = services.start_discussion(
            current_user,
            cohort,
            request.form.get("module_id", type=int) or 0,
            request.form.get("title", ""),
            request.form.get("body", ""),
            request.form.get("prompt_id", type=int),
        )
        return redirect(url_for("exchange.discussion", discussion_id=found.id))
    except ServiceError as error:
        flash(error.message)
    return redirect(url_for("exchange.cohort_exchange", cohort_id=cohort.id))


@bp.post("/cohorts/<int:cohort_id>/exchange/mutes")
@login_required
def mute(cohort_id: int):
    """Mute a member of the cohort (`unmute=1` to let her post again)."""
    cohort, _course = trainer_cohort(cohort_id)
    try:
        services.set_muted(
            current_user, cohort, request.form.get("user_id", type=int) or 0, not flag("unmute")
        )
    except ServiceError:
        abort(404)
    return redirect(back_to_cohort(cohort.id))


def back_to_cohort(cohort_id: int) -> str:
    from mooc.exchange.views import back

    return back(url_for("exchange.cohort_exchange", cohort_id=cohort_id))


@bp.get("/cohorts/<int:cohort_id>/exchange/reports")
@login_required
def cohort_reports(cohort_id: int):
    """The cohort's reports to look at."""
    cohort, _course = trainer_cohort(cohort_id)
    return render_template(
        "exchange/reports.html", cohort=cohort, reports=queries.open_reports(cohort.id)
    )


@bp.get("/admin/exchange/reports")
@login_required
def admin_reports():
    """Reports from the across-cities space (admins)."""
    admin_only()
    return render_template("exchange/reports.html", cohort=None, reports=queries.open_reports(None))


@bp.post("/exchange/reports/<int:report_id>/dismiss")
@login_required
def dismiss(report_id: int):
    """Keep what a report names (its moderators)."""
    row = access.report_for(current_user, report_id) or abort(404)
    services.dismiss_report(current_user, row)
    if row.cohort_id is None:
        return redirect(url_for("exchange.admin_reports"))
    return redirect(url_for("exchange.cohort_reports", cohort_id=row.cohort_id))


@bp.get("/admin/exchange/case-studies.<fmt>")
@login_required
def case_studies(fmt: str):
    """Consented case studies for the Observatory, as CSV or JSON (admins)."""
    admin_only()
    if fmt not in ("csv", "json"):
        abort(404)
    body, mimetype = exports.case_studies_file(fmt)
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="case-studies.{fmt}"'},
    )


@bp.get("/account/data.json")
@login_required
def my_data():
    """Everything the app holds on her, as JSON."""
    body = json.dumps(exports.my_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-data.json"'},
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Close her account: posts removed or kept without her name, as she chooses."""
    error = None
    if request.method == "POST":
        try:
            privacy.delete_account(
                current_user,
                request.form.get("mode", "remove"),
                request.form.get("confirmation", ""),
            )
            logout_user()
            flash(_("Your account is deleted."))
            return redirect(url_for("courses.catalogue"))
        except ServiceError as refused:
            error = refused.message
    return render_template("exchange/delete.html", error=error)
