"""Certificate operations: issue (idempotent), supersede, revoke, look up for verification."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mooc.accounts.models import User
from mooc.certificates import pdf
from mooc.certificates.eligibility import course_eligibility
from mooc.certificates.models import Certificate
from mooc.courses import learning, services
from mooc.courses.models.progress import utcnow
from mooc.extensions import db

CODE = re.compile(r"^[A-Z2-7]{26}$")


class CertificateError(Exception):
    """A refused certificate operation (`not_found`, `not_eligible`)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def new_code() -> str:
    """130 random bits in base32 (26 characters, no padding)."""
    return base64.b32encode(secrets.token_bytes(17)).decode()[:26]


def folder() -> str:
    path = current_app.config["CERTIFICATES_DIR"]
    os.makedirs(path, exist_ok=True)
    return path


def file_path(certificate: Certificate) -> str:
    """Where the certificate's PDF is stored."""
    return os.path.join(folder(), f"{certificate.code}.pdf")


def valid_certificate(user_id: int, course_id: int) -> Certificate | None:
    """The learner's valid certificate for a course, if any."""
    return db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == user_id,
            Certificate.course_id == course_id,
            Certificate.status == "valid",
        )
    )


def issue(user: User, course_slug: str, locale: str) -> Certificate:
    """Issue once per learner and course; a changed printed name supersedes the old one."""
    plan = prepare(user, course_slug, locale)
    if isinstance(plan, Certificate):
        return plan
    return record(user, plan, pdf.render_pdf(plan))


def prepare(user: User, course_slug: str, locale: str) -> Certificate | dict:
    """The learner's current certificate if it still holds, else the data of a new one."""
    outline = services.course_outline(course_slug, locale)
    if outline is None:
        raise CertificateError("not_found")
    course = outline["course"]
    state = learning.course_state(user.id, outline)
    if not course_eligibility(course, state).eligible:
        raise CertificateError("not_eligible")
    current = valid_certificate(user.id, course.id)
    if current is not None and current.name == user.certificate_name:
        return current
    code = new_code()
    return {
        "name": user.certificate_name,
        "course": outline["text"].title,
        "course_id": course.id,
        "hours": course.hours,
        "issued_at": utcnow(),
        "city": user.city.name if user.city else "",
        "code": code,
        "locale": locale,
        "issuer": current_app.config["ISSUER"],
        "verify_url": url_for("certificates.verify", code=code, _external=True),
    }


def record(user: User, data: dict, content: bytes) -> Certificate:
    """Store a rendered certificate: supersede the old one, keep the file and its SHA-256."""
    current = valid_certificate(user.id, data["course_id"])
    if current is not None and current.name == data["name"]:
        return current  # issued meanwhile (a simultaneous request): keep that one
    certificate = Certificate(
        code=data["code"],
        user_id=user.id,
        course_id=data["course_id"],
        name=data["name"],
        course_title=data["course"],
        hours=data["hours"],
        city=data["city"],
        locale=data["locale"],
        issued_at=data["issued_at"],
        sha256=hashlib.sha256(content).hexdigest(),
        template_version=pdf.TEMPLATE_VERSION,
    )
    if current is not None:
        current.status, current.superseded_at = "superseded", utcnow()
        db.session.flush()
    db.session.add(certificate)
    try:
        db.session.flush()
    except IntegrityError:  # a simultaneous request issued it first
        db.session.rollback()
        return valid_certificate(user.id, data["course_id"])
    path = file_path(certificate)
    with open(path + ".part", "wb") as handle:
        handle.write(content)
    os.replace(path + ".part", path)
    db.session.commit()
    return certificate


def by_code(code: str) -> Certificate | None:
    """A certificate by its code; malformed codes find nothing, like unknown ones."""
    code = code.strip().upper()
    if not CODE.match(code):
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def revoke(code: str, reason: str) -> Certificate:
    """Revoke a certificate with a reason; it stays verifiable as revoked."""
    certificate = by_code(code)
    if certificate is None:
        raise CertificateError("not_found")
    certificate.status, certificate.revoked_at = "revoked", utcnow()
    certificate.revoke_reason = reason
    db.session.commit()
    return certificate


def own_certificate(user_id: int, code: str) -> Certificate | None:
    """A certificate of this learner (another learner's is 'not found')."""
    certificate = by_code(code)
    return certificate if certificate is not None and certificate.user_id == user_id else None


def matches(certificate: Certificate, stream) -> bool:
    """Whether an uploaded file is the genuine PDF (same SHA-256), read in chunks."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(64 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest() == certificate.sha256
