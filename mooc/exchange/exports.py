"""Exchange files: the workbook PDF, a cohort's shared answers (CSV, PDF), the Observatory's
case studies (CSV, JSON) and a learner's own data (JSON)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from mooc.accounts.models import User
from mooc.cities.models import MemberCity, region_name
from mooc.clock import utcnow
from mooc.courses.models import Course, ReflectionPrompt
from mooc.exchange.models import (
    Answer,
    ExchangeSettings,
    Notification,
    Post,
    Report,
    UsefulMark,
)
from mooc.extensions import db

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def csv_bytes(heading: list[str], rows: list[list[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (spreadsheets read it as UTF-8)."""
    target = io.StringIO()
    writer = csv.writer(target)
    writer.writerow([inert(h) for h in heading])
    writer.writerows([[inert("" if v is None else v) for v in row] for row in rows])
    return ("\ufeff" + target.getvalue()).encode("utf-8")


def pdf(template: str, context: dict[str, Any]) -> bytes:
    """A template rendered to PDF through the certificates' WeasyPrint path (fonts for every
    script, nothing fetched from outside)."""
    from weasyprint import HTML

    from mooc.certificates.pdf import StaticOnlyFetcher, write_pdf

    html = render_template(template, **context)
    document = HTML(
        string=html,
        base_url=current_app.static_folder,
        url_fetcher=StaticOnlyFetcher(current_app.static_folder or ""),
    )
    return write_pdf(document)


def workbook_pdf(user: User, course: Course, book: dict[str, Any]) -> bytes:
    """Her workbook as a PDF."""
    return pdf("exchange/workbook_pdf.html", {"user": user, "course": course, **book})


def cohort_rows(entries) -> list[list[Any]]:
    """A cohort's shared answers as rows: name, city, language, date, useful, text."""
    return [
        [
            entry.author,
            entry.city.name if entry.city else "",
            entry.item.locale,
            entry.item.updated_at.date().isoformat(),
            entry.useful,
            entry.item.body,
        ]
        for entry in entries
    ]


def cohort_csv(entries) -> bytes:
    """A cohort's shared answers to one prompt as CSV."""
    heading = [_("Name"), _("City"), _("Language"), _("Date"), _("Useful"), _("Answer")]
    return csv_bytes(heading, cohort_rows(entries))


def case_studies() -> list[dict[str, Any]]:
    """Answers their authors consented to publish as case studies (still shared and not
    hidden), for the Inclusive Cities Observatory; her name only if she chose so."""
    rows = db.session.execute(
        select(Answer, User.display_name, MemberCity, Course.slug, ReflectionPrompt.slug)
        .join(User, User.id == Answer.user_id)
        .join(Course, Course.id == Answer.course_id)
        .join(ReflectionPrompt, ReflectionPrompt.id == Answer.prompt_id)
        .outerjoin(MemberCity, MemberCity.id == Answer.city_id)
        .where(
            Answer.case_study.is_(True),
            Answer.hidden_at.is_(None),
            (Answer.shared_cohort.is_(True)) | (Answer.shared_cities.is_(True)),
        )
        .order_by(Answer.id)
    )
    return [
        {
            "city": city.name if city else "",
            "country": city.country if city else "",
            "region": city.region if city else "",
            "course": course,
            "prompt": prompt,
            "language": answer.locale,
            "text": answer.body,
            "author": name if answer.case_study_named else "",
        }
        for answer, name, city, course, prompt in rows
    ]


CASE_FIELDS = ("city", "country", "region", "course", "prompt", "language", "text", "author")


def case_studies_file(fmt: str) -> tuple[bytes, str]:
    """The case studies as CSV or JSON, with its media type."""
    found = case_studies()
    if fmt == "json":
        body = {"exported_at": utcnow().isoformat() + "Z", "case_studies": found}
        return json.dumps(body, ensure_ascii=False, indent=2).encode(), "application/json"
    rows = [[entry[name] for name in CASE_FIELDS] for entry in found]
    return csv_bytes(list(CASE_FIELDS), rows), "text/csv"


def my_data(user: User) -> dict[str, Any]:
    """Everything the exchange and the account hold on her, as plain data (the privacy export).

    Other features' rows (progress, attempts, certificates) are read through their models."""
    from mooc.certificates.models import Certificate
    from mooc.cohorts.models import Cohort, CohortMember
    from mooc.courses.models import Enrolment, LessonProgress
    from mooc.quizzes.models import QuizAttempt

    def stamp(value):
        return value.isoformat() + "Z" if value else None

    city = db.session.get(MemberCity, user.city_id) if user.city_id else None
    settings = db.session.get(ExchangeSettings, user.id)
    data: dict[str, Any] = {
        "exported_at": stamp(utcnow()),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "certificate_name": user.certificate_name,
            "language": user.language,
            "role": user.role,
            "city": city.name if city else None,
            "region": region_name(city.region) if city else None,
            "created_at": stamp(user.created_at),
        },
        "cohorts": [
            {"name": name, "joined_at": stamp(joined)}
            for name, joined in db.session.execute(
                select(Cohort.name, CohortMember.joined_at)
                .join(CohortMember, CohortMember.cohort_id == Cohort.id)
                .where(CohortMember.user_id == user.id)
            )
        ],
        "enrolments": [
            {
                "course": slug,
                "enrolled_at": stamp(e.created_at),
                "completed_at": stamp(e.completed_at),
            }
            for e, slug in db.session.execute(
                select(Enrolment, Course.slug)
                .join(Course, Course.id == Enrolment.course_id)
                .where(Enrolment.user_id == user.id)
            )
        ],
        "lessons_done": db.session.scalar(
            select(db.func.count())
            .select_from(LessonProgress)
            .where(LessonProgress.user_id == user.id)
        ),
        "quiz_attempts": db.session.scalar(
            select(db.func.count()).select_from(QuizAttempt).where(QuizAttempt.user_id == user.id)
        ),
        "certificates": [
            {"code": c.code, "issued_at": stamp(getattr(c, "issued_at", None))}
            for c in db.session.scalars(select(Certificate).where(Certificate.user_id == user.id))
        ],
        "answers": [
            {
                "course": slug,
                "prompt": prompt,
                "language": a.locale,
                "text": a.body,
                "shared_with_cohort": a.shared_cohort,
                "shared_with_cities": a.shared_cities,
                "case_study": a.case_study,
                "case_study_named": a.case_study_named,
                "updated_at": stamp(a.updated_at),
            }
            for a, slug, prompt in db.session.execute(
                select(Answer, Course.slug, ReflectionPrompt.slug)
                .join(Course, Course.id == Answer.course_id)
                .join(ReflectionPrompt, ReflectionPrompt.id == Answer.prompt_id)
                .where(Answer.user_id == user.id)
                .order_by(Answer.id)
            )
        ],
        "posts": [
            {"text": p.body, "language": p.locale, "created_at": stamp(p.created_at)}
            for p in db.session.scalars(
                select(Post).where(Post.author_id == user.id).order_by(Post.id)
            )
        ],
        "useful_marks": db.session.scalar(
            select(db.func.count()).select_from(UsefulMark).where(UsefulMark.user_id == user.id)
        ),
        "reports_made": [
            {"reason": r.reason, "created_at": stamp(r.created_at)}
            for r in db.session.scalars(select(Report).where(Report.reporter_id == user.id))
        ],
        "notifications": db.session.scalar(
            select(db.func.count()).select_from(Notification).where(Notification.user_id == user.id)
        ),
        "exchange_settings": {
            "digest": settings.digest if settings else "off",
            "digest_cities": settings.digest_cities if settings else False,
        },
    }
    return data
