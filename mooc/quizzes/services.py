"""Quiz operations: grading on the server and storing attempts within `max_attempts`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from mooc import signals
from mooc.courses import progress
from mooc.courses.models import Lesson
from mooc.extensions import db
from mooc.quizzes import attempts, grants, mails
from mooc.quizzes.errors import QuizError
from mooc.quizzes.models import AttemptGrant, Question, QuizAttempt
from mooc.quizzes.parser import normalize_answer
from mooc.quizzes.queries import questions_of
from mooc.transactions import insert_once, transactional


def open_quiz(user_id: int, page: dict[str, Any], slug: str):
    """A quiz the learner may open (enrolled, its module open): (state, item state); opening it
    is remembered by the course (`item_opened`) so that the learner resumes here; no operation
    of its own (the course's is one only when the item changes)."""
    state, item_state = progress.open_item(user_id, page, slug)
    signals.send(signals.item_opened, state=state, item=item_state.item)
    return state, item_state


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


@transactional
def submit(
    user_id: int,
    lesson: Lesson,
    raw: dict[str, Any],
    number: int | None = None,
    confirmed: bool = True,
) -> QuizAttempt:
    """Grade and store an attempt; never more than the attempts allowed (`max_attempts` and
    grants), even when simultaneous. Grades the questions the attempt showed (`draw`), and
    keeps its layout.

    `number`: the attempt the page showed (refused if another submission took it).
    `confirmed`: False refuses a submission with unanswered questions (`unanswered`), so that
    the page asks first. Sends `quiz_graded` in the same transaction (a passed quiz may
    complete the course)."""
    questions = questions_of(lesson)
    allowed = attempts.allowed_attempts(user_id, lesson)
    for _retry in range(50):
        used = db.session.scalar(
            select(func.count())
            .select_from(QuizAttempt)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.lesson_id == lesson.id)
        )
        if allowed is not None and used >= allowed:
            raise QuizError("no_attempts_left")
        if number is not None and number != used + 1:
            raise QuizError("stale_attempt")
        layout = attempts.layout_for(user_id, lesson, questions, used + 1)
        drawn = attempts.shown(questions, layout)
        answers = clean_answers(drawn, raw)
        missing = [q.qid for q in drawn if q.qid not in answers]
        if missing and not confirmed:
            raise QuizError("unanswered", count=len(missing), missing=missing)
        score, results = grade(drawn, answers)
        attempt = QuizAttempt(
            user_id=user_id,
            lesson_id=lesson.id,
            number=used + 1,
            score=score,
            passed=score >= (lesson.pass_mark or 0),
            answers=answers,
            results=results,
            layout=layout,
        )
        if not insert_once(attempt):  # another submission took this number: count again
            if number is not None:
                raise QuizError("stale_attempt")
            continue
        signals.send(signals.quiz_graded, attempt=attempt, course_id=lesson.course_id)
        return attempt
    raise QuizError("no_attempts_left")


@transactional
def grant_attempts(granter, user_id: int, lesson: Lesson, extra: int, reason: str):
    """Give a learner `extra` more attempts at a quiz, recorded with who and why; only an admin
    or a trainer of one of the learner's cohorts that follows the quiz's course may (`granter`
    None: the operator at the command line)."""
    reason = (reason or "").strip()
    if not reason:
        raise QuizError("grant_reason", field="reason")
    if not 1 <= extra <= 10:
        raise QuizError("grant_extra", field="extra")
    if lesson.kind != "quiz" or (
        granter is not None and not grants.may_grant(granter, user_id, lesson.course_id)
    ):
        raise QuizError("grant_refused")
    grant = AttemptGrant(
        user_id=user_id,
        lesson_id=lesson.id,
        extra=extra,
        granted_by_id=granter.id if granter is not None else None,
        reason=reason[:1000],
    )
    db.session.add(grant)
    db.session.flush()
    mails.attempts_granted(grant, lesson)
    return grant
