"""What a learner sees of a quiz, read only: questions without keys, her attempts, reviews.

Every text is served with its `mooc:` links expanded by the router (`courses.links.expand`)."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import request
from markupsafe import escape
from sqlalchemy import and_, bindparam, func, literal, select

from mooc.courses.links import expand
from mooc.courses.models import Course, Lesson
from mooc.courses.outlines import Snapshot, shared_cache, with_texts
from mooc.extensions import db
from mooc.quizzes import attempts
from mooc.quizzes.models import AttemptGrant, Question, QuestionTranslation, QuizAttempt


def questions_of(lesson: Lesson) -> list[Question]:
    """The quiz's current questions in order."""
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.lesson_id == lesson.id, Question.archived_at.is_(None))
            .order_by(Question.position)
        )
    )


QUESTIONS_MAX = 500


def quiz_questions(
    lesson: Lesson,
    locale: str,
    default: str,
    version: int | None = None,
    layout: dict | None = None,
) -> list[dict[str, Any]]:
    """Questions with text and options in the reader's locale: never the answer key. With a
    layout (`attempts.layout_for`), only its questions, each with its options in its order
    (`choices`: (position, html) pairs; `options` keeps the written order for the API). With the
    course's `version`, the loaded questions are kept by this worker for it (a sync that changes
    a question bumps it); the layout, personal, is applied on each call."""
    return laid_out(loaded_questions(lesson, locale, default, version), layout or {})


def laid_out(found: list[dict[str, Any]], layout: dict) -> list[dict[str, Any]]:
    """The questions an attempt's layout shows, each with its options in the attempt's order."""
    orders = layout.get("orders", {})
    return [
        {**shown, "choices": attempts.ordered(shown["options"], orders.get(shown["id"]))}
        for shown in attempts.shown(found, layout, key=lambda shown: shown["id"])
    ]


def loaded_questions(
    lesson: Lesson, locale: str, default: str, version: int | None
) -> list[dict[str, Any]]:
    """Every live question of the quiz in the reader's locale, cached per course version."""
    if version is None:
        return _quiz_questions(lesson, locale, default)
    cache = shared_cache("quiz_questions")
    key = (lesson.id, version, locale, default, request.script_root)
    found = cache.get(key)
    if found is None:
        found = [
            {**shown, "question": Snapshot(shown["question"]), "text": snapshot(shown["text"])}
            for shown in _quiz_questions(lesson, locale, default)
        ]
        if len(cache) >= QUESTIONS_MAX:
            cache.clear()
        cache[key] = found
    return found


def snapshot(row):
    """A row's Snapshot, or None."""
    return Snapshot(row) if row is not None else None


def _quiz_questions(lesson: Lesson, locale: str, default: str) -> list[dict[str, Any]]:
    """Questions with text and options in the reader's locale, loaded."""
    found = with_texts(
        Question,
        QuestionTranslation,
        "question_id",
        (Question.lesson_id == lesson.id, Question.archived_at.is_(None)),
        (Question.position,),
        (locale, default),
    )
    shown = []
    for question, rows in found:
        row = rows.get(locale) or rows.get(default) or next(iter(rows.values()), None)
        options = [expand(o["html"]) for o in row.options] if row else []
        title = expand(row.title) if row else question.qid
        shown.append(
            {
                "id": question.qid,
                "kind": question.kind,
                "title_html": title,
                "body_html": expand(row.body_html) if row else "",
                "options": options,
                "says_select_all": bool(attempts.SAYS_SELECT_ALL.search(title)),
                "question": question,
                "text": row,
            }
        )
    return shown


def quiz_named(course_slug: str, slug: str) -> Lesson | None:
    """A live quiz by its course's slug and its own."""
    return db.session.scalar(
        select(Lesson)
        .join(Course, Course.id == Lesson.course_id)
        .where(
            Course.slug == course_slug,
            Lesson.slug == slug,
            Lesson.kind == "quiz",
            Lesson.archived_at.is_(None),
        )
    )


def quiz_by_id(lesson_id: int | None) -> Lesson | None:
    """A live quiz by its id."""
    lesson = db.session.get(Lesson, lesson_id) if lesson_id else None
    return lesson if lesson is not None and lesson.kind == "quiz" else None


def attempts_of(user_id: int, lesson: Lesson) -> list[QuizAttempt]:
    """The learner's attempts at a quiz, oldest first."""
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.lesson_id == lesson.id)
            .order_by(QuizAttempt.number)
        )
    )


@cache
def attempts_statement():
    """`attempts_and_allowed`'s statement, built once (every quiz page runs it)."""
    user, lesson = bindparam("user_id"), bindparam("lesson_id")
    extra = (
        select(func.coalesce(func.sum(AttemptGrant.extra), 0))
        .where(AttemptGrant.user_id == user, AttemptGrant.lesson_id == lesson)
        .scalar_subquery()
    )
    one = select(literal(1).label("one")).subquery()
    return (
        select(QuizAttempt, extra)
        .select_from(one)
        .outerjoin(QuizAttempt, and_(QuizAttempt.user_id == user, QuizAttempt.lesson_id == lesson))
        .order_by(QuizAttempt.number)
    )


def attempts_and_allowed(user_id: int, lesson: Lesson) -> tuple[list[QuizAttempt], int | None]:
    """The learner's attempts, oldest first, and how many she has in all (None: no limit), in
    one statement: her attempts outer-joined to one row carrying her extra attempts granted."""
    if lesson.max_attempts is None:
        return attempts_of(user_id, lesson), None
    rows = db.session.execute(
        attempts_statement(), {"user_id": user_id, "lesson_id": lesson.id}
    ).all()
    found = [attempt for attempt, _extra in rows if attempt is not None]
    return found, lesson.max_attempts + int(rows[0][1] if rows else 0)


def attempt_of(user_id: int, lesson: Lesson, number: int) -> QuizAttempt | None:
    """One of the learner's own attempts."""
    return db.session.scalar(
        select(QuizAttempt).where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.lesson_id == lesson.id,
            QuizAttempt.number == number,
        )
    )


def review(
    attempt: QuizAttempt, lesson: Lesson, locale: str, default: str, key: bool = False
) -> list[dict]:
    """Per question of the attempt, in its order: correctness, the chosen options with their
    feedback, the explanation; with `key` (as the quiz's `review` allows), the correct answers
    and, for a "select all" question, the correct options missed and the wrong ones chosen."""
    questions = list(
        db.session.scalars(
            select(Question).where(Question.lesson_id == lesson.id).order_by(Question.position)
        )
    )
    texts: dict[int, dict[str, QuestionTranslation]] = {}
    if questions:
        for row in db.session.scalars(
            select(QuestionTranslation).where(
                QuestionTranslation.question_id.in_([q.id for q in questions]),
                QuestionTranslation.locale.in_((locale, default)),
            )
        ):
            texts.setdefault(row.question_id, {})[row.locale] = row
    orders = (attempt.layout or {}).get("orders", {})
    shown = []
    for question in questions:
        if question.qid not in attempt.results:
            continue
        rows = texts.get(question.id, {})
        text = rows.get(locale) or rows.get(default)
        given = attempt.answers.get(question.qid)
        options = text.options if text else []
        picked = set(given) if isinstance(given, list) else set()
        order = [p for p, _o in attempts.ordered(options, orders.get(question.qid))]

        def choice(p: int, options=options) -> dict:
            return {
                "position": p,
                "html": expand(options[p]["html"]),
                "feedback_html": expand(options[p]["feedback_html"]),
            }

        correct = set(question.correct)
        entry = {
            "id": question.qid,
            "kind": question.kind,
            "title_html": expand(text.title) if text else question.qid,
            "correct": attempt.results[question.qid],
            "chosen": [choice(p) for p in order if p in picked],
            "answer": given if question.kind == "short" else None,
            "explanation_html": expand(text.explanation_html) if text else "",
            "key_shown": key,
            "right_chosen": len(picked & correct),
            "wrong_chosen": len(picked - correct),
            "correct_count": len(correct),
            "missed": [],
            "key": [],
        }
        if key:
            if question.kind == "short":
                entry["key"] = [{"html": escape(a)} for a in question.answers[:1]]
            else:
                entry["key"] = [choice(p) for p in order if p in correct]
                entry["missed"] = [choice(p) for p in order if p in correct - picked]
        shown.append(entry)
    return shown
