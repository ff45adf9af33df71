"""Quiz operations: grading on the server, attempts within `max_attempts`, results."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mooc.courses.models import Lesson
from mooc.extensions import db
from mooc.quizzes.models import Question, QuestionTranslation, QuizAttempt
from mooc.quizzes.parser import normalize_answer


class QuizError(Exception):
    """A refused submission (`no_attempts_left`, `invalid_answer`)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def questions_of(lesson: Lesson) -> list[Question]:
    """The quiz's current questions in order."""
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.lesson_id == lesson.id, Question.archived_at.is_(None))
            .order_by(Question.position)
        )
    )


def clean_answers(questions: list[Question], raw: dict[str, Any]) -> dict[str, Any]:
    """Keep only well-formed answers: option positions in range, or a short text."""
    answers: dict[str, Any] = {}
    for question in questions:
        value = raw.get(question.qid)
        if value is None or value == "" or value == []:
            continue
        if question.kind == "short":
            answers[question.qid] = str(value)[:500]
            continue
        values = value if isinstance(value, list) else [value]
        try:
            positions = sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise QuizError("invalid_answer") from None
        if any(p < 0 or p >= question.option_count for p in positions):
            raise QuizError("invalid_answer")
        if question.kind == "single" and len(positions) > 1:
            raise QuizError("invalid_answer")
        answers[question.qid] = positions
    return answers


def grade(questions: list[Question], answers: dict[str, Any]) -> tuple[float, dict[str, bool]]:
    """Score in percent and correctness per question; all-or-nothing for several answers."""
    results: dict[str, bool] = {}
    for question in questions:
        given = answers.get(question.qid)
        if question.kind == "short":
            results[question.qid] = (
                given is not None and normalize_answer(given) in question.answers
            )
        else:
            results[question.qid] = given is not None and sorted(given) == sorted(question.correct)
    score = 100.0 * sum(results.values()) / len(questions) if questions else 0.0
    return round(score, 2), results


def attempts_of(user_id: int, lesson: Lesson) -> list[QuizAttempt]:
    """The learner's attempts at a quiz, oldest first."""
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.lesson_id == lesson.id)
            .order_by(QuizAttempt.number)
        )
    )


def submit(user_id: int, lesson: Lesson, raw: dict[str, Any]) -> QuizAttempt:
    """Grade and store an attempt; never more than `max_attempts`, even when simultaneous."""
    questions = questions_of(lesson)
    answers = clean_answers(questions, raw)
    score, results = grade(questions, answers)
    for _retry in range(50):
        used = db.session.scalar(
            select(func.count())
            .select_from(QuizAttempt)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.lesson_id == lesson.id)
        )
        if lesson.max_attempts is not None and used >= lesson.max_attempts:
            raise QuizError("no_attempts_left")
        attempt = QuizAttempt(
            user_id=user_id,
            lesson_id=lesson.id,
            number=used + 1,
            score=score,
            passed=score >= (lesson.pass_mark or 0),
            answers=answers,
            results=results,
        )
        db.session.add(attempt)
        try:
            db.session.commit()
        except IntegrityError:  # another submission took this number: count again
            db.session.rollback()
            continue
        return attempt
    raise QuizError("no_attempts_left")


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
                "html": options[p]["html"],
                "feedback_html": options[p]["feedback_html"],
            }
            for p in (given if isinstance(given, list) else [])
            if p < len(options)
        ]
        shown.append(
            {
                "id": question.qid,
                "kind": question.kind,
                "title_html": text.title if text else question.qid,
                "correct": attempt.results[question.qid],
                "chosen": chosen,
                "answer": given if question.kind == "short" else None,
                "explanation_html": text.explanation_html if text else "",
            }
        )
    return shown
