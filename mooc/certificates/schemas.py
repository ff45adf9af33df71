"""What public verification tells: no email, no internal id."""

from __future__ import annotations

from marshmallow import fields

from mooc.schemas import OutputSchema, UtcDateTime


class VerificationSchema(OutputSchema):
    """A certificate as anyone holding its code may see it."""

    code = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": ["valid", "revoked", "superseded"]})
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": ["course", "path"]})
    course = fields.String(
        required=True, metadata={"description": "Title of the course, or of the learning path"}
    )
    hours = fields.Float(allow_none=True)
    issued_at = UtcDateTime(required=True)
    issuer = fields.String(required=True)
    sha256 = fields.String(required=True)
    revoked_at = UtcDateTime(allow_none=True)


class IssuedSchema(OutputSchema):
    """A learner's own certificate, with where to download and verify it."""

    code = fields.String(required=True)
    status = fields.String(required=True)
    sha256 = fields.String(required=True)
    issued_at = UtcDateTime(required=True)
    pdf_url = fields.String(required=True)
    verify_url = fields.String(required=True)
