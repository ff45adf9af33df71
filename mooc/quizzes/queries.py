"""What a learner sees of a quiz, read only: questions without keys, her attempts, reviews.

Every text is served with its `mooc:` links expanded by the router (`courses.links.expand`)."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import select

from mooc.courses.links import expand
from mooc.courses.models import Lesson
from mooc.courses.outlines import Snapshot, shared_cache, with_texts
from mooc.extensions import db
from mooc.quizzes.models import Question, QuestionTranslation, QuizAttempt


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
    lesson: Lesson, locale: str, default: str, version: int | None = None
) -> list[dict[str, Any]]:
    """Questions with text and options in the reader's locale: never the answer key. With the
    course's `version`, kept by this worker for it (a sync that changes a question bumps it)."""
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
        shown.append(
            {
                "id": question.qid,
                "kind": question.kind,
                "title_html": expand(row.title) if row else question.qid,
                "body_html": expand(row.body_html) if row else "",
                "options": [expand(o["html"]) for o in row.options] if row else [],
                "question": question,
                "text": row,
            }
        )
    return shown


def attempts_of(user_id: int, lesson: Lesson) -> list[QuizAttempt]:
    """The learner's attempts at a quiz, oldest first."""
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.lesson_id == lesson.id)
            .order_by(QuizAttempt.number)
        )
    )


def attempt_of(user_id: int, lesson: Lesson, number: int) -> QuizAttempt | None:
    """One of the learner's own attempts."""
    return db.session.scalar(
        select(QuizAttempt).where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.lesson_id == lesson.id,
            QuizAttempt.number == number,
        )
    )


def review(attempt: QuizAttempt, lesson: Lesson, locale: str, default: str) -> list[dict]:
    """Per question: correctness, the chosen options with their feedback, the explanation."""
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
    shown = []
    for question in questions:
        if question.qid not in attempt.results:
            continue
        rows = texts.get(question.id, {})
        text = rows.get(locale) or rows.get(default)
        given = attempt.answers.get(question.qid)
        options = text.options if text else []
        chosen = [
            {
                "position": p,
                "html": expand(options[p]["html"]),
                "feedback_html": expand(options[p]["feedback_html"]),
            }
            for p in (given if isinstance(given, list) else [])
            if p < len(options)
        ]
        shown.append(
            {
                "id": question.qid,
                "kind": question.kind,
                "title_html": expand(text.title) if text else question.qid,
                "correct": attempt.results[question.qid],
                "chosen": chosen,
                "answer": given if question.kind == "short" else None,
                "explanation_html": expand(text.explanation_html) if text else "",
            }
        )
    return shown
