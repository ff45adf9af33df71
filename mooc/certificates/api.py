"""Certificates in the JSON API: public verification, and a learner's own certificates."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user, login_required

from mooc.api import ApiError, route
from mooc.certificates import queries, services
from mooc.certificates.schemas import IssuedSchema, VerificationSchema
from mooc.extensions import config_limit, limiter
from mooc.i18n import locale_code


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
    certificate = queries.by_code(code)
    if certificate is None:
        raise ApiError(404)
    return jsonify(VerificationSchema().dump(certificate))


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
    certificate = services.issue(current_user, slug, locale_code())
    return jsonify(IssuedSchema().dump(certificate)), 201


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
    certificate = services.issue_path(current_user, slug, locale_code())
    return jsonify(IssuedSchema().dump(certificate)), 201
