"""Building a certificate's credential from the certificate's plan (before its PDF is
rendered, so that the PDF can carry it): texts in every language, a free status bit, proof."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta

from flask import current_app, g
from flask_babel import force_locale, format_decimal, format_percent, gettext
from sqlalchemy import exists, func, select

from mooc.courses.models import Course, LearningPath
from mooc.credentials import documents, issuer
from mooc.credentials.errors import CredentialError
from mooc.credentials.models import Credential
from mooc.extensions import db
from mooc.urls import external_url

ATTACHMENT = "credential.json"


def subject_id(user_id: int) -> str:
    """A stable identifier of the learner that reveals neither the email nor the account id."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"credential-subject:{user_id}".encode(), hashlib.sha256).digest()
    return "urn:uuid:" + str(uuid.UUID(bytes=digest[:16], version=4))


def choose_slot() -> tuple[int, int]:
    """A random free bit of the current status list (a new list once half of it is used);
    bits handed out earlier in this app context (a bulk issue) count as used."""
    reserved: set[tuple[int, int]] = g.setdefault("credential_slots", set())
    latest = db.session.execute(
        select(Credential.status_list, func.count())
        .group_by(Credential.status_list)
        .order_by(Credential.status_list.desc())
        .limit(1)
    ).first()
    number, used = (latest[0], latest[1]) if latest else (1, 0)
    used += sum(1 for slot in reserved if slot[0] == number)
    if used >= documents.LIST_SIZE // 2:
        number += 1
    for _attempt in range(100):
        index = secrets.randbelow(documents.LIST_SIZE)
        if (number, index) in reserved:
            continue
        taken = select(
            exists().where(Credential.status_list == number, Credential.status_index == index)
        )
        if not db.session.scalar(taken):
            reserved.add((number, index))
            return number, index
    raise CredentialError("no_slot")  # at most half full: 100 misses in a row do not happen


def criteria(kind: str, rules: dict | None, hours: float | None, courses: list[str]) -> str:
    """What earned the achievement, in the current language."""
    if kind == "path":
        parts = [
            gettext("Complete every course of the learning path: %(courses)s.")
            % {"courses": "; ".join(courses)}
        ]
    else:
        rules = rules if isinstance(rules, dict) else {}
        parts = []
        if rules.get("require_all_lessons", True):
            parts.append(gettext("Complete every required lesson of the course."))
        parts.append(gettext("Pass every required quiz."))
        if float(rules.get("min_average", 70) or 0):
            parts.append(
                gettext(
                    "Reach an average of at least %(percent)s over the best scores of the quizzes."
                )
                % {"percent": format_percent(float(rules.get("min_average", 70)) / 100)}
            )
    if hours:
        parts.append(
            gettext("Estimated effort: %(hours)s hours.") % {"hours": format_decimal(hours)}
        )
    return " ".join(parts)


def editions(plan: dict) -> list[dict]:
    """The achievement's texts in each language of the course or path, the plan's first."""
    if plan.get("path_id"):
        subject = db.session.get(LearningPath, plan["path_id"])
        endpoint, kind_type = "courses.path", "LearningProgram"
        rules, courses = None, plan.get("courses") or []
    else:
        subject = db.session.get(Course, plan["course_id"])
        endpoint, kind_type = "courses.course", "Course"
        rules, courses = subject.certificate, []
    texts = {t.locale: t for t in subject.translations if not t.is_archived}
    first = plan["locale"] if plan["locale"] in texts else subject.language
    order = [first, *sorted(locale for locale in texts if locale != first)]
    result = []
    for locale in order:
        text = texts.get(locale)
        with force_locale(locale):
            narrative = criteria(plan.get("kind", "course"), rules, plan.get("hours"), courses)
        result.append(
            {
                "id": external_url(endpoint, slug=subject.slug, lang=locale),
                "language": locale,
                "achievement_type": kind_type,
                "name": text.title if text else plan.get("path") or plan.get("course"),
                "description": text.summary if text else "",
                "criteria": narrative,
            }
        )
    result[0]["id"] = external_url(endpoint, slug=subject.slug)  # stable, whatever language
    return result


def build(plan: dict, user_id: int, slot: tuple[int, int]) -> str:
    """The signed credential of a planned certificate, as the JSON text that is kept."""
    number, index = slot
    texts = editions(plan)
    days = current_app.config.get("CREDENTIAL_VALID_DAYS")
    valid_from = plan["issued_at"].replace(microsecond=0)
    document = documents.open_badge(
        credential_url=external_url("credentials.document", code=plan["code"]),
        issuer=issuer.profile(plan["locale"]),
        subject_id=subject_id(user_id),
        recipient=plan["name"],
        achievement_body=documents.achievement(texts[0], texts[1:]),
        valid_from=valid_from,
        valid_until=valid_from + timedelta(days=int(days)) if days else None,
        status=documents.status_entry(
            external_url("credentials.status_list", number=number), index
        ),
    )
    return documents.serialize(issuer.sign(document, valid_from))


def attachment(plan: dict, user_id: int) -> dict:
    """A new credential as an attachment of the certificate PDF (PDF/A-3 associated file)."""
    return attachment_of(build(plan, user_id, choose_slot()), plan)


def attachment_of(document: str, plan: dict) -> dict:
    """A credential's signed JSON as an attachment of the PDF of `plan`."""
    with force_locale(plan["locale"]):
        description = gettext("Open Badges 3.0 credential of this certificate (signed JSON-LD)")
    return {
        "source": "credentials",
        "name": ATTACHMENT,
        "relationship": "Source",
        "description": description,
        "content": document,
    }


def plan_of(certificate) -> dict:
    """A stored certificate as the plan it was rendered from (for credentials of certificates
    issued before certificates carried one)."""
    plan = {
        "name": certificate.name,
        "issued_at": certificate.issued_at,
        "code": certificate.code,
        "locale": certificate.locale,
        "kind": certificate.kind,
        "hours": certificate.hours,
        "course_id": certificate.course_id,
        "path_id": certificate.path_id,
    }
    if certificate.path_id is not None:
        path = db.session.get(LearningPath, certificate.path_id)
        plan["path"] = certificate.course_title
        plan["courses"] = [
            next(
                (t.title for t in step.course.translations if t.locale == certificate.locale),
                step.course.slug,
            )
            for step in path.steps
        ]
    else:
        plan["course"] = certificate.course_title
    return plan
