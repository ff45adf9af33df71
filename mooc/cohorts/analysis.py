"""Where a cohort stands as a group: completion per module, and item analysis per quiz question."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select

from mooc.cohorts.models import CohortModuleProgress, CohortQuestionCount
from mooc.cohorts.queries import member_count
from mooc.cohorts.reports import Scope
from mooc.extensions import db
from mooc.quizzes.models import Question, QuestionTranslation


def module_completion(scope: Scope, enrolled: int | None = None) -> list[dict[str, Any]]:
    """Per module: how many learners have done every required item of it (one query over the
    members' module counters, and one more for the member count unless `enrolled` is given)."""
    counts: dict[tuple[int, int], int] = {}
    query = (
        select(CohortModuleProgress.module_id, CohortModuleProgress.done, func.count())
        .where(CohortModuleProgress.cohort_id == scope.cohort.id)
        .group_by(CohortModuleProgress.module_id, CohortModuleProgress.done)
    )
    for module_id, n, learners in db.session.execute(query):
        counts[(module_id, n)] = learners
    if enrolled is None:
        enrolled = member_count(scope.cohort.id)
    result = []
    for entry in scope.modules:
        need = len(entry.required)
        complete = enrolled if need == 0 else counts.get((entry.module.id, need), 0)
        result.append(
            {
                "module": entry.module,
                "course": entry.course_title,
                "complete": complete,
                "enrolled": enrolled,
                "share": complete / enrolled if enrolled else 0.0,
            }
        )
    return result


def item_analysis(scope: Scope, locale: str) -> list[dict[str, Any]]:
    """Per quiz question: the share of learners' first attempts that got it right."""
    quiz_ids = [quiz.id for quiz in scope.quizzes]
    right: Counter = Counter()
    tried: Counter = Counter()
    # Counted as first attempts arrive (`counters.py`): one row per (quiz, question).
    for lesson_id, qid, attempts, good in db.session.execute(
        select(
            CohortQuestionCount.quiz_id,
            CohortQuestionCount.qid,
            CohortQuestionCount.attempts,
            CohortQuestionCount.right,
        ).where(
            CohortQuestionCount.cohort_id == scope.cohort.id,
            CohortQuestionCount.quiz_id.in_(quiz_ids),
        )
    ):
        tried[(lesson_id, qid)] = int(attempts)
        right[(lesson_id, qid)] = int(good or 0)
    texts: dict[int, dict[str, str]] = {}
    questions = db.session.execute(
        select(Question, QuestionTranslation.locale, QuestionTranslation.title)
        .outerjoin(QuestionTranslation, QuestionTranslation.question_id == Question.id)
        .where(Question.lesson_id.in_(quiz_ids), Question.archived_at.is_(None))
        .order_by(Question.lesson_id, Question.position)
    )
    ordered: list[Question] = []
    for question, text_locale, title in questions:
        if question.id not in texts:
            texts[question.id] = {}
            ordered.append(question)
        if text_locale:
            texts[question.id][text_locale] = title
    quiz_titles = {quiz.id: quiz.title for quiz in scope.quizzes}
    position = {quiz.id: index for index, quiz in enumerate(scope.quizzes)}
    ordered.sort(key=lambda q: (position.get(q.lesson_id, 0), q.position))
    result = []
    for question in ordered:
        found = texts[question.id]
        title = found.get(locale) or found.get("en") or next(iter(found.values()), question.qid)
        key = (question.lesson_id, question.qid)
        result.append(
            {
                "quiz": quiz_titles.get(question.lesson_id, ""),
                "quiz_id": question.lesson_id,
                "qid": question.qid,
                "question": title,
                "attempts": tried[key],
                "right": right[key],
                "share": right[key] / tried[key] if tried[key] else None,
            }
        )
    return result
