"""Certificate pages: issue for a course or a path, download, revoke, public verification."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import format_date, gettext
from flask_login import current_user, login_required
from markupsafe import escape

from mooc import caching
from mooc.accounts.auth import role_required
from mooc.caching import hole_provider
from mooc.certificates import access, queries, services, sharing
from mooc.certificates.eligibility import (
    Eligibility,
    PathEligibility,
    course_eligibility,
    path_eligibility,
)
from mooc.certificates.errors import CertificateError
from mooc.certificates.models import Certificate
from mooc.cohorts.access import cohort_for
from mooc.courses.progress import state_key
from mooc.errors import page_response, refuse
from mooc.extensions import config_limit, limiter
from mooc.i18n import issuer_name, locale_code

bp = Blueprint("certificates", __name__, template_folder="templates")


@bp.post("/courses/<slug>/certificate")
@login_required
def issue(slug: str):
    """Issue (or find) the learner's certificate and download it."""
    certificate = services.issue(current_user, slug, locale_code())
    return redirect(url_for("certificates.download", code=certificate.code))


@bp.post("/paths/<slug>/certificate")
@login_required
def issue_path(slug: str):
    """Issue (or find) the learner's certificate for a path and download it."""
    certificate = services.issue_path(current_user, slug, locale_code())
    return redirect(url_for("certificates.download", code=certificate.code))


@bp.post("/cohorts/<int:cohort_id>/certificates/issue")
@role_required("trainer")
def issue_cohort(cohort_id: int):
    """A cohort's trainer issues the certificates of every eligible member, in a worker: the
    job's page shows its progress."""
    cohort = cohort_for(current_user, cohort_id) or abort(404)
    job = services.start_cohort_issue(current_user, cohort)
    return redirect(url_for("jobs.job", job_id=job.id))


@page_response(CertificateError)
def refused(error: CertificateError):
    """Not eligible yet: back to the course or path page, which lists what is missing."""
    slug = (request.view_args or {}).get("slug", "")
    if error.code == "not_eligible":
        flash(error.message)
        return redirect(url_for("courses.course", slug=slug))
    if error.code == "path_not_eligible":
        flash(error.message)
        return redirect(url_for("courses.path", slug=slug))
    return refuse(error)


@bp.app_template_global("course_certificate")
def course_certificate(course, state) -> tuple[Eligibility, Certificate | None]:
    """For the course page: the certificate's requirements and the learner's valid one."""
    eligibility = course_eligibility(course, state)
    issued = (
        queries.valid_certificate(state.enrolment.user_id, course.id)
        if state.enrolment is not None and eligibility.offered
        else None
    )
    return eligibility, issued


@hole_provider("course_certificate")
def course_certificate_section(context, _argument: str) -> str:
    """The course page's certificate section for this learner (`courses/course.html`): kept
    per state of hers (what is left, issued or not, to issue again or not), her certificate's
    code, date, links and printed name filled in (`certificate_part`)."""
    course, state = context["course"], context["state"]
    certificate, issued = course_certificate(course, state)
    if state.enrolment is None or not certificate.offered:
        return ""
    reissue = bool(issued and certificate.eligible and issued.name != current_user.certificate_name)
    key = ("certificate", course.id, course.version, state_key(state), bool(issued), reissue)
    return caching.kept_render(
        "certificates/_course.html",
        key,
        {
            "course": course,
            "state": state,
            "certificate": certificate,
            "issued": issued,
            "reissue": reissue,
        },
    )


CERTIFICATE_LINKS = {
    "download": "certificates.download",
    "verify": "certificates.verify",
    "credential": "credentials.document",
}


@hole_provider("certificate")
def certificate_part(context, part: str) -> str:
    """What names her issued certificate in the course page's section."""
    issued = context["issued"]
    if part == "code":
        return escape(issued.code)
    if part == "date":
        return escape(format_date(issued.issued_at))
    if part == "linkedin":
        return escape(sharing.linkedin_url(issued))
    if part == "name":
        return escape(current_user.certificate_name)
    return escape(url_for(CERTIFICATE_LINKS[part], code=issued.code))


@bp.app_template_global("path_certificate")
def path_certificate(enrolled: bool, courses: list) -> PathEligibility:
    """For the path page: whether its certificate is available, and which courses are missing."""
    return path_eligibility(enrolled, courses)


@bp.get("/certificates/<code>.pdf")
@login_required
def download(code: str):
    """A certificate PDF for its holder, a trainer of the holder's cohort, or an admin; anyone
    else is told it does not exist."""
    certificate = access.downloadable(current_user, code) or abort(404)
    return send_file(
        services.ensure_file(certificate),
        mimetype="application/pdf",
        download_name=f"certificate-{certificate.code}.pdf",
    )


@bp.route("/admin/certificates/<code>/revoke", methods=["GET", "POST"])
@role_required("admin")
def revoke(code: str):
    """Admins revoke a certificate with a reason."""
    certificate = queries.by_code(code) or abort(404)
    error = None
    if request.method == "POST":
        reason = request.form.get("reason", "").strip()
        if not reason or len(reason) > 1000:
            error = gettext("Give the reason for the revocation (at most 1,000 characters).")
        else:
            services.revoke(code, reason)
            flash(gettext("Certificate %(code)s is revoked.") % {"code": certificate.code})
            return redirect(url_for("certificates.verify", code=certificate.code))
    return render_template("certificates/revoke.html", certificate=certificate, error=error), (
        400 if error else 200
    )


@bp.route("/verify/<code>", methods=["GET", "POST"])
@limiter.limit(config_limit("VERIFY_LIMIT"))
def verify(code: str):
    """Public verification: status, name as printed, course, date, issuer, SHA-256; a PDF may
    be uploaded to check that it is the genuine file."""
    certificate = queries.by_code(code)
    if certificate is None:  # one answer for unknown and malformed codes
        return render_template("certificates/unknown.html"), 404
    match = None
    if request.method == "POST":
        upload = request.files.get("pdf")
        if upload is not None and upload.filename:
            match = services.matches(certificate, upload.stream)
    page = render_template(
        "certificates/verify.html",
        certificate=certificate,
        match=match,
        issuer=issuer_name(),
    )
    return caching.validated(make_response(page)) if request.method == "GET" else page


@bp.app_template_global("linkedin_url")
def linkedin_url(certificate: Certificate) -> str:
    """LinkedIn's documented "add a certification" link, filled in from the certificate."""
    return sharing.linkedin_url(certificate)
