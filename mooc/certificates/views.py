"""Certificate pages: issue for a course or a path, download, a cohort's ZIP, verification."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required

from mooc.accounts.auth import role_required
from mooc.api import ApiError, route
from mooc.certificates import access, services
from mooc.certificates.archive import stream_zip
from mooc.certificates.eligibility import PathEligibility, path_eligibility
from mooc.certificates.schemas import IssuedSchema, VerificationSchema
from mooc.cohorts.access import cohort_for
from mooc.extensions import config_limit, limiter
from mooc.i18n import locale_code

bp = Blueprint("certificates", __name__, template_folder="templates")


@bp.post("/courses/<slug>/certificate")
@login_required
def issue(slug: str):
    """Issue (or find) the learner's certificate and download it."""
    try:
        certificate = services.issue(current_user, slug, locale_code())
    except services.CertificateError as error:
        if error.code == "not_eligible":
            flash(gettext("You do not meet the requirements for the certificate yet."))
            return redirect(url_for("courses.course", slug=slug))
        abort(404)
    return redirect(url_for("certificates.download", code=certificate.code))


@bp.post("/paths/<slug>/certificate")
@login_required
def issue_path(slug: str):
    """Issue (or find) the learner's certificate for a path and download it."""
    try:
        certificate = services.issue_path(current_user, slug, locale_code())
    except services.CertificateError as error:
        if error.code == "not_eligible":
            flash(gettext("You have not completed every course of this path yet."))
            return redirect(url_for("courses.path", slug=slug))
        abort(404)
    return redirect(url_for("certificates.download", code=certificate.code))


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
        services.file_path(certificate),
        mimetype="application/pdf",
        download_name=f"certificate-{certificate.code}.pdf",
    )


@bp.get("/cohorts/<int:cohort_id>/certificates.zip")
@login_required
def cohort_archive(cohort_id: int):
    """For the cohort's trainers and admins: a ZIP of its members' valid certificates, written
    while it is sent."""
    cohort = cohort_for(current_user, cohort_id) or abort(404)
    response = Response(stream_zip(access.cohort_files(cohort)), mimetype="application/zip")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="cohort-{cohort.id}-certificates.zip"'
    )
    return response


@bp.route("/admin/certificates/<code>/revoke", methods=["GET", "POST"])
@role_required("admin")
def revoke(code: str):
    """Admins revoke a certificate with a reason."""
    from flask import request

    certificate = services.by_code(code) or abort(404)
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
    from flask import request

    certificate = services.by_code(code) or abort(404)
    match = None
    if request.method == "POST":
        upload = request.files.get("pdf")
        if upload is not None and upload.filename:
            match = services.matches(certificate, upload.stream)
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        match=match,
        issuer=current_app.config["ISSUER"],
    )


@route(
    "/certificates/<code>",
    "GET",
    summary="Verify a certificate (public)",
    tag="certificates",
    response=VerificationSchema,
    auth=False,
)
@limiter.limit(config_limit("VERIFY_LIMIT"))
def verify_api(code: str):
    certificate = services.by_code(code)
    if certificate is None:
        raise ApiError(404)
    return jsonify(
        VerificationSchema().dump(
            {
                "code": certificate.code,
                "status": certificate.status,
                "name": certificate.name,
                "kind": certificate.kind,
                "course": certificate.course_title,
                "hours": certificate.hours,
                "issued_at": certificate.issued_at,
                "issuer": current_app.config["ISSUER"],
                "sha256": certificate.sha256,
                "revoked_at": certificate.revoked_at,
            }
        )
    )


@route(
    "/courses/<slug>/certificate",
    "POST",
    summary="Get your certificate for a course",
    tag="certificates",
    response=IssuedSchema,
    status=201,
)
@login_required
def issue_api(slug: str):
    try:
        certificate = services.issue(current_user, slug, locale_code())
    except services.CertificateError as error:
        if error.code == "not_eligible":
            raise ApiError(
                403,
                "not_eligible",
                gettext("You do not meet the requirements for the certificate yet."),
            ) from None
        raise ApiError(404) from None
    return issued(certificate)


@route(
    "/paths/<slug>/certificate",
    "POST",
    summary="Get your certificate for a learning path",
    tag="certificates",
    response=IssuedSchema,
    status=201,
)
@login_required
def issue_path_api(slug: str):
    try:
        certificate = services.issue_path(current_user, slug, locale_code())
    except services.CertificateError as error:
        if error.code == "not_eligible":
            raise ApiError(
                403,
                "not_eligible",
                gettext("You have not completed every course of this path yet."),
            ) from None
        raise ApiError(404) from None
    return issued(certificate)


def issued(certificate):
    """The API's answer for an issued (or found) certificate."""
    return jsonify(
        IssuedSchema().dump(
            {
                "code": certificate.code,
                "status": certificate.status,
                "sha256": certificate.sha256,
                "issued_at": certificate.issued_at,
                "pdf_url": url_for("certificates.download", code=certificate.code),
                "verify_url": url_for("certificates.verify", code=certificate.code, _external=True),
            }
        )
    ), 201
