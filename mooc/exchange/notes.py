"""Page data of the exchange: prompts by id, facilitator notes (trainers only), the workbook."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mooc.courses import links, reflections
from mooc.courses.models import (
    Course,
    CourseTranslation,
    LessonTranslation,
    ModuleTranslation,
    ReflectionPrompt,
)
from mooc.exchange import queries
from mooc.extensions import db

NOTE_MODELS = {
    "lesson": (LessonTranslation, "lesson_id"),
    "module": (ModuleTranslation, "module_id"),
    "course": (CourseTranslation, "course_id"),
}
WORKBOOK_PAGE = 50


def prompts_by_slug(course_id: int, slugs: list[str]) -> dict[str, ReflectionPrompt]:
    """The course's live prompts with these ids (one query)."""
    rows = db.session.scalars(
        select(ReflectionPrompt).where(
            ReflectionPrompt.course_id == course_id,
            ReflectionPrompt.slug.in_(slugs),
            ReflectionPrompt.archived_at.is_(None),
        )
    )
    return {row.slug: row for row in rows}


def facilitator(kind: str, row_id: int, locale: str, default: str) -> str:
    """The facilitator notes of a lesson, module or course body in `locale` (else the course's
    language): for trainers' pages only; nothing else ever loads the column."""
    model, parent = NOTE_MODELS[kind]
    rows = dict(
        db.session.execute(
            select(model.locale, model.facilitator_html).where(
                getattr(model, parent) == row_id,
                model.locale.in_((locale, default)),
                model.archived_at.is_(None),
            )
        ).all()
    )
    html = rows.get(locale) or rows.get(default) or ""
    return links.expand(html) if html else ""


def facilitator_many(kind: str, row_ids: list[int], locale: str, default: str) -> dict[int, str]:
    """The facilitator notes of many modules (or lessons, courses) at once, by row id, in
    `locale` else the course's language; rows without notes are left out (one query)."""
    if not row_ids:
        return {}
    model, parent = NOTE_MODELS[kind]
    column = getattr(model, parent)
    found: dict[int, dict[str, str]] = {}
    for row_id, shown, html in db.session.execute(
        select(column, model.locale, model.facilitator_html).where(
            column.in_(row_ids),
            model.locale.in_((locale, default)),
            model.archived_at.is_(None),
        )
    ):
        found.setdefault(row_id, {})[shown] = html
    notes = {}
    for row_id, texts in found.items():
        html = texts.get(locale) or texts.get(default) or ""
        if html:
            notes[row_id] = links.expand(html)
    return notes


def prompt_text(course: Course, prompt: ReflectionPrompt, locale: str):
    """The prompt's text in the reader's language (else the course's)."""
    for found in reflections.prompts(course.id, locale, course.language):
        if found.prompt.id == prompt.id:
            return found
    return None


def prompt_page(user, course: Course, prompt: ReflectionPrompt, locale: str) -> dict[str, Any]:
    """What every prompt page shows: the prompt, her answer, her cohort, whether muted."""
    cohort = queries.cohort_of(user.id, course.id)
    return {
        "text": prompt_text(course, prompt, locale),
        "answer": queries.answer_of(user.id, prompt.id),
        "cohort": cohort,
        "muted": queries.is_muted(user.id, cohort.id) if cohort else False,
    }


def workbook(user, course: Course, locale: str, number: int | None) -> dict[str, Any]:
    """The course's prompts in reading order with her answers (two queries; `number`: a page
    of `WORKBOOK_PAGE` prompts, None for all, as the PDF has)."""
    texts = reflections.prompts(course.id, locale, course.language)
    more = False
    if number is not None:
        start = (max(number, 1) - 1) * WORKBOOK_PAGE
        more = len(texts) > start + WORKBOOK_PAGE
        texts = texts[start : start + WORKBOOK_PAGE]
    answers = queries.workbook(user.id, course.id)
    entries = [(found, answers.get(found.prompt.id)) for found in texts]
    return {
        "entries": entries,
        "answered": sum(1 for _found, answer in entries if answer),
        "number": number or 1,
        "more": more,
    }
