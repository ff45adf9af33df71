"""What public verification tells: no email, no internal id."""

from __future__ import annotations

from flask import url_for
from marshmallow import fields

from mooc.certificates import sharing
from mooc.i18n import issuer_name
from mooc.schemas import OutputSchema, UtcDateTime
from mooc.urls import external_url


class VerificationSchema(OutputSchema):
    """A certificate as anyone holding its code may see it."""

    code = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": ["valid", "revoked", "superseded"]})
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": ["course", "path"]})
    course = fields.String(
        required=True,
        attribute="course_title",
        metadata={"description": "Title of the course, or of the learning path"},
    )
    hours = fields.Float(allow_none=True)
    issued_at = UtcDateTime(required=True)
    issuer = fields.Method("issuer_name", required=True, metadata={"type": "string"})
    sha256 = fields.String(required=True)
    revoked_at = UtcDateTime(allow_none=True)

    credential_url = fields.Method(
        "open_badge_url",
        required=True,
        metadata={"type": "string", "description": "Its Open Badges 3.0 credential (JSON-LD)"},
    )

    def issuer_name(self, certificate) -> str:
        return issuer_name()

    def open_badge_url(self, certificate) -> str:
        return external_url("credentials.document", code=certificate.code)


class IssuedSchema(OutputSchema):
    """A learner's own certificate, with where to download and verify it."""

    code = fields.String(required=True)
    status = fields.String(required=True)
    sha256 = fields.String(required=True)
    issued_at = UtcDateTime(required=True)
    pdf_url = fields.Method("download_url", required=True, metadata={"type": "string"})
    verify_url = fields.Method("verification_url", required=True, metadata={"type": "string"})
    credential_url = fields.Method("open_badge_url", required=True, metadata={"type": "string"})
    linkedin_url = fields.Method("linkedin", required=True, metadata={"type": "string"})

    def open_badge_url(self, certificate) -> str:
        return external_url("credentials.document", code=certificate.code)

    def linkedin(self, certificate) -> str:
        return sharing.linkedin_url(certificate)

    def download_url(self, certificate) -> str:
        return url_for("certificates.download", code=certificate.code)

    def verification_url(self, certificate) -> str:
        return external_url("certificates.verify", code=certificate.code)
