"""What one attempt shows and allows (read only): the questions drawn and the order of their
options (`draw`, `shuffle`), the attempts a learner has (with grants), when the key is shown
(`review`).

An attempt's layout is drawn from a seed made of the app's secret, the learner, the quiz and the
attempt's number: the page shown before submission and the grading of that submission agree
without storing anything, the next attempt gets another draw, and a learner cannot compute it."""

from __future__ import annotations

import hashlib
import hmac
import random
import re
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from mooc.courses.models import Lesson
from mooc.extensions import db
from mooc.quizzes.models import AttemptGrant, Question, QuizAttempt

# The interface says "Select all that apply." unless the question already says so.
SAYS_SELECT_ALL = re.compile(
    r"select all|all that apply|cochez toutes|toutes les (bonnes )?réponses|"
    r"(marque|seleccione|elija|marca) todas|todas las (respuestas )?correctas",
    re.IGNORECASE,
)


def layout_for(user_id: int, lesson: Lesson, questions: list[Question], number: int) -> dict:
    """The questions attempt `number` shows, in quiz order, and each one's option order."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    seed = hmac.new(secret, f"quiz:{user_id}:{lesson.id}:{number}".encode(), hashlib.sha256)
    chance = random.Random(seed.hexdigest())
    chosen = list(questions)
    if lesson.draw and lesson.draw < len(chosen):
        picked = set(chance.sample(range(len(chosen)), lesson.draw))
        chosen = [q for i, q in enumerate(chosen) if i in picked]
    orders: dict[str, list[int]] = {}
    for question in chosen:
        order = list(range(question.option_count))
        if lesson.shuffle is not False and question.kind != "short":
            chance.shuffle(order)
        orders[question.qid] = order
    return {"questions": [q.qid for q in chosen], "orders": orders}


def shown(questions: list, layout: dict, key=lambda q: q.qid) -> list:
    """The questions of `questions` that the layout shows (all when it keeps none)."""
    if not layout or "questions" not in layout:
        return list(questions)
    kept = set(layout["questions"])
    return [q for q in questions if key(q) in kept]


def extra_attempts(user_id: int, lesson: Lesson) -> int:
    """Attempts granted on top of the quiz's `max_attempts`."""
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(AttemptGrant.extra), 0)).where(
                AttemptGrant.user_id == user_id, AttemptGrant.lesson_id == lesson.id
            )
        )
    )


def allowed_attempts(user_id: int, lesson: Lesson) -> int | None:
    """How many attempts the learner has in all (None: no limit)."""
    if lesson.max_attempts is None:
        return None
    return lesson.max_attempts + extra_attempts(user_id, lesson)


def attempts_left(allowed: int | None, used: int) -> int | None:
    """Attempts still open (None: no limit)."""
    return None if allowed is None else max(allowed - used, 0)


def key_shown(lesson: Lesson, attempts: list[QuizAttempt], allowed: int | None) -> bool:
    """Whether the correct answers are shown, as the quiz's `review` says: `always`, `never`,
    or `after-pass` (the default): once passed, or once no attempt is left."""
    policy = lesson.review or "after-pass"
    if policy == "always":
        return True
    if policy == "never":
        return False
    return any(a.passed for a in attempts) or (allowed is not None and len(attempts) >= allowed)


def grants_of(user_id: int, lesson: Lesson) -> list[AttemptGrant]:
    """The grants a learner received for a quiz, oldest first."""
    return list(
        db.session.scalars(
            select(AttemptGrant)
            .where(AttemptGrant.user_id == user_id, AttemptGrant.lesson_id == lesson.id)
            .order_by(AttemptGrant.id)
        )
    )


def ordered(options: list[Any], order: list[int] | None) -> list[tuple[int, Any]]:
    """(position, option) pairs in the attempt's order (positions are what grading reads)."""
    positions = order if order and len(order) == len(options) else range(len(options))
    return [(p, options[p]) for p in positions]
