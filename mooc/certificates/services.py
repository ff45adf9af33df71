"""Certificate operations for a course or a learning path: issue (idempotent), supersede, revoke,
look up for verification."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from contextlib import suppress

from sqlalchemy import select

from mooc import signals
from mooc.accounts.models import User
from mooc.certificates.eligibility import course_eligibility, path_eligibility
from mooc.certificates.errors import CertificateError
from mooc.certificates.models import Certificate
from mooc.certificates.queries import by_code, file_path, valid_certificate
from mooc.cities.names import city_name
from mooc.clock import utcnow
from mooc.cohorts.access import member_ids
from mooc.cohorts.models import Cohort
from mooc.courses import outlines, progress
from mooc.courses.models import Course, Enrolment, LearningPath, PathEnrolment
from mooc.extensions import db
from mooc.i18n import issuer_name
from mooc.transactions import insert_once, on_rollback, transactional
from mooc.urls import external_url


def new_code() -> str:
    """130 random bits in base32 (26 characters, no padding)."""
    return base64.b32encode(secrets.token_bytes(17)).decode()[:26]


@transactional
def issue(user: User, course_slug: str, locale: str) -> Certificate:
    """Issue once per learner and course; a changed printed name supersedes the old one."""
    plan = prepare(user, course_slug, locale)
    if isinstance(plan, Certificate):
        return plan
    return record(user, plan, render(plan))


@transactional
def issue_path(user: User, path_slug: str, locale: str) -> Certificate:
    """Issue once per learner and path, with the same rules as for a course."""
    plan = prepare_path(user, path_slug, locale)
    if isinstance(plan, Certificate):
        return plan
    return record(user, plan, render(plan))


def prepare(user: User, course_slug: str, locale: str) -> Certificate | dict:
    """The learner's current certificate if it still holds, else the data of a new one."""
    outline = outlines.course_outline(course_slug, locale)
    if outline is None:
        raise CertificateError("not_found")
    course = outline["course"]
    state = progress.course_state(user.id, outline)
    if not course_eligibility(course, state).eligible:
        raise CertificateError("not_eligible")
    current = valid_certificate(user.id, course.id)
    if current is not None and current.name == user.certificate_name:
        return current
    return plan(
        user,
        locale,
        kind="course",
        course=outline["text"].title,
        course_id=course.id,
        hours=course.hours,
    )


def prepare_path(user: User, path_slug: str, locale: str) -> Certificate | dict:
    """For a path the learner follows and whose every course is complete: the current
    certificate if it still holds, else the data of a new one (path title, courses, total hours)."""
    page = progress.path_state(user.id, path_slug, locale)
    if page is None:
        raise CertificateError("not_found")
    if not path_eligibility(page["enrolled"], page["courses"]).eligible:
        raise CertificateError("path_not_eligible")
    path = page["path"]
    current = valid_certificate(user.id, path_id=path.id)
    if current is not None and current.name == user.certificate_name:
        return current
    hours = [entry["course"].hours for entry in page["courses"] if entry["course"].hours]
    return plan(
        user,
        locale,
        kind="path",
        path=page["text"].title,
        path_id=path.id,
        courses=[entry["text"].title for entry in page["courses"]],
        hours=sum(hours) if hours else None,
    )


def render(data: dict) -> bytes:
    """The certificate's PDF (WeasyPrint is imported by the first certificate, not at start-up)."""
    from mooc.certificates.pdf import render_pdf

    return render_pdf(data)


def plan(user: User, locale: str, **subject) -> dict:
    """Everything a new certificate prints, as plain data (rendered in another process too)."""
    code = new_code()
    data = {
        "name": user.certificate_name.strip() or user.display_name,
        "issued_at": utcnow(),
        "city": city_name(user.city.name, locale) if user.city else "",
        "code": code,
        "locale": locale,
        "issuer": issuer_name(locale),
        "verify_url": external_url("certificates.verify", code=code),
        **subject,
    }
    signals.send(signals.certificate_planned, plan=data, user=user)  # files to embed
    return data


def current_for(user_id: int, data: dict) -> Certificate | None:
    """The learner's valid certificate for the course or path of a plan."""
    return valid_certificate(user_id, data.get("course_id"), path_id=data.get("path_id"))


@transactional
def record(user: User, data: dict, content: bytes) -> Certificate:
    """Store a rendered certificate: supersede the old one, keep the file and its SHA-256.

    The PDF is written before the operation commits; sends `certificate_issued`."""
    from mooc.certificates.pdf import TEMPLATE_VERSION  # loaded with the renderer already

    current = current_for(user.id, data)
    if current is not None and current.name == data["name"]:
        return current  # issued meanwhile (a simultaneous request): keep that one
    certificate = Certificate(
        code=data["code"],
        user_id=user.id,
        course_id=data.get("course_id"),
        path_id=data.get("path_id"),
        name=data["name"],
        course_title=data["path"] if data.get("path_id") else data["course"],
        hours=data["hours"],
        city=data["city"],
        locale=data["locale"],
        issued_at=data["issued_at"],
        sha256=hashlib.sha256(content).hexdigest(),
        template_version=TEMPLATE_VERSION,
    )
    if current is not None:
        current.status, current.superseded_at = "superseded", utcnow()
        db.session.flush()
        signals.send(signals.certificate_superseded, certificate=current)
    if not insert_once(certificate):  # a simultaneous request issued it first
        return current_for(user.id, data)
    path = file_path(certificate)
    write_file(path, content)
    # Should the operation roll back after this, no file stays without its row.
    on_rollback(lambda: os.path.exists(path) and os.remove(path))
    signals.send(
        signals.certificate_issued,
        certificate=certificate,
        attachments=data.get("attachments", []),
    )
    return certificate


def write_file(path: str, content: bytes) -> None:
    """Write a PDF through `<path>.part` and a rename; a failure (a full or read-only disk)
    leaves no `.part` behind and raises (the operation rolls back)."""
    partial = path + ".part"
    try:
        with open(partial, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError:
        with suppress(OSError):
            os.remove(partial)
        raise


def recorded_data(certificate: Certificate) -> dict:
    """The plan of an issued certificate, from what its row recorded (to render it again)."""
    data = {
        "name": certificate.name,
        "issued_at": certificate.issued_at,
        "city": certificate.city,
        "code": certificate.code,
        "locale": certificate.locale,
        "issuer": issuer_name(certificate.locale),
        "verify_url": external_url("certificates.verify", code=certificate.code),
        "hours": certificate.hours,
        "template_version": certificate.template_version,
    }
    if certificate.path_id is not None:
        data.update(kind="path", path=certificate.course_title, path_id=certificate.path_id)
        data["courses"] = []
    else:
        data.update(kind="course", course=certificate.course_title, course_id=certificate.course_id)
    return data


def ensure_file(certificate: Certificate) -> str:
    """The certificate's PDF on disk; a lost one is rendered again from its recorded data
    (same code, same name, course, date and city) and its new SHA-256 recorded."""
    path = file_path(certificate)
    if os.path.exists(path):
        return path
    data = recorded_data(certificate)
    # The files it embedded (its signed credential) come back, as they were issued.
    signals.send(signals.certificate_rendering, certificate=certificate, plan=data)
    content = render(data)
    write_file(path, content)
    store_hash(certificate.id, hashlib.sha256(content).hexdigest())
    return path


@transactional
def store_hash(certificate_id: int, sha256: str) -> None:
    """Record the SHA-256 of a certificate's PDF rendered again."""
    certificate = db.session.get(Certificate, certificate_id)
    certificate.sha256 = sha256


def bulk_learners(
    course_slug: str | None = None, path_slug: str | None = None, cohort_id: int | None = None
) -> list[User]:
    """The learners a bulk issue considers: enrolled in the course, or following the path;
    only the members of the cohort when one is given."""
    if course_slug is not None:
        course = db.session.scalar(select(Course).where(Course.slug == course_slug))
        if course is None:
            raise CertificateError("not_found")
        query = select(User).join(Enrolment, Enrolment.user_id == User.id)
        query = query.where(Enrolment.course_id == course.id)
    else:
        path = db.session.scalar(select(LearningPath).where(LearningPath.slug == path_slug))
        if path is None:
            raise CertificateError("not_found")
        query = select(User).join(PathEnrolment, PathEnrolment.user_id == User.id)
        query = query.where(PathEnrolment.path_id == path.id)
    if cohort_id is not None:
        if db.session.get(Cohort, cohort_id) is None:
            raise CertificateError("no_cohort")
        query = query.where(User.id.in_(member_ids(cohort_id)))
    return list(db.session.scalars(query.order_by(User.id)))


def issue_many(
    course_slug: str | None,
    path_slug: str | None,
    cohort_id: int | None = None,
    *,
    progress=None,
    workers: int = 1,
    config: dict | None = None,
) -> dict[str, int]:
    """Issue to every eligible learner of a course or a path (of a cohort only, when given):
    each certificate its own operation, so that a run stopped halfway keeps what it issued and
    the next run skips it (learners who hold one are counted, not issued again). PDFs render in
    `workers` processes (built from `config`). `progress(done, total)` after each learner."""
    from mooc.certificates.bulk import render_all

    users = bulk_learners(course_slug, path_slug, cohort_id)
    plans: dict[str, tuple[User, dict]] = {}
    held = not_eligible = 0
    for user in users:
        try:
            if course_slug is not None:
                found = prepare(user, course_slug, user.language)
            else:
                found = prepare_path(user, path_slug, user.language)
        except CertificateError:
            not_eligible += 1
            continue
        if isinstance(found, dict):
            plans[found["code"]] = (user, found)
        else:
            held += 1
    done = held + not_eligible
    if progress is not None:
        progress(done, len(users))
    rendered = render_all([data for _user, data in plans.values()], config or {}, workers)
    for code, content in rendered:
        user, data = plans[code]
        record(user, data, content)
        done += 1
        if progress is not None:
            progress(done, len(users))
    return {
        "issued": len(plans),
        "held": held,
        "not_eligible": not_eligible,
        "learners": len(users),
    }


def start_cohort_issue(trainer: User, cohort: Cohort):
    """Issue the certificates of a cohort's eligible members in a worker; a run already queued
    or under way for this cohort is returned instead of starting a second one."""
    from mooc.jobs import enqueue
    from mooc.jobs.models import Job

    subject = f"cohort:{cohort.id}"
    running = db.session.scalar(
        select(Job).where(
            Job.kind == BULK_ISSUE,
            Job.subject == subject,
            Job.status.in_(("queued", "running")),
        )
    )
    if running is not None:
        return running
    params = {
        "course": cohort.course.slug if cohort.course else None,
        "path": cohort.path.slug if cohort.path else None,
        "cohort": cohort.id,
    }
    return enqueue(BULK_ISSUE, params, subject=subject, owner_id=trainer.id)


BULK_ISSUE = "certificates.bulk_issue"


@transactional
def revoke(code: str, reason: str) -> Certificate:
    """Revoke a certificate with a reason; it stays verifiable as revoked."""
    certificate = by_code(code)
    if certificate is None:
        raise CertificateError("not_found")
    certificate.status, certificate.revoked_at = "revoked", utcnow()
    certificate.revoke_reason = reason
    signals.send(signals.certificate_revoked, certificate=certificate)
    return certificate


def matches(certificate: Certificate, stream) -> bool:
    """Whether an uploaded file is the genuine PDF (same SHA-256), read in chunks."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(64 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest() == certificate.sha256
