"""Demo data: a cohort of N synthetic learners with plausible progress, for demos and benchmarks.

Rows are written with bulk INSERTs (10,000 learners in seconds), never through the pages, so the
result is a database state, not a test of the learning code."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from mooc.accounts.models import User
from mooc.cities.models import MemberCity
from mooc.clock import utcnow
from mooc.cohorts import counters
from mooc.cohorts.models import Cohort, CohortMember, CohortTrainer
from mooc.cohorts.services import new_join_code
from mooc.courses.models import Course, Enrolment, LessonProgress
from mooc.courses.models.content import Lesson
from mooc.courses.outlines import outline_of, visible
from mooc.extensions import db
from mooc.quizzes.models import Question, QuizAttempt

DEMO_PASSWORD = "demo password"  # every demo account; demo databases only
BATCH = 1000
COMPLETING = 0.2  # share of demo learners who complete the course


class DemoError(Exception):
    """Nothing to seed: no course, or no such course."""


def seed(
    learners: int,
    course_slug: str | None = None,
    seed_value: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Cohort:
    """A new cohort of `learners` demo learners on a course (the first one by default), with a
    demo trainer, lessons done, quiz attempts and their per-question results."""
    query = select(Course).where(*visible()).order_by(Course.position, Course.slug)
    if course_slug:
        query = query.where(Course.slug == course_slug)
    course = db.session.scalars(query).first()
    if course is None:
        raise DemoError(course_slug or "")
    rng = random.Random(seed_value)
    city = db.session.scalars(select(MemberCity).order_by(MemberCity.id)).first()
    if city is None:
        city = MemberCity(name="Demo City", country="UY", region="latin-america")
        db.session.add(city)
        db.session.flush()
    password_hash = generate_password_hash(DEMO_PASSWORD)
    trainer = db.session.scalar(select(User).where(User.email == "trainer@demo.example.org"))
    if trainer is None:
        trainer = User(
            email="trainer@demo.example.org",
            password_hash=password_hash,
            display_name="Demo Trainer",
            certificate_name="Demo Trainer",
            role="trainer",
        )
        db.session.add(trainer)
    cohort = Cohort(
        name=f"Demo cohort ({learners} learners)",
        city_id=city.id,
        course_id=course.id,
        join_code=new_join_code(),
    )
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortTrainer(cohort_id=cohort.id, user_id=trainer.id))
    db.session.commit()

    items = [item for module in outline_of(course, "en", True)["modules"] for item in module.items]
    required_assignments = any(i.kind == "assignment" and i.required for i in items)
    quizzes = {
        lesson.id: lesson
        for lesson in db.session.scalars(
            select(Lesson).where(Lesson.course_id == course.id, Lesson.kind == "quiz")
        )
    }
    questions: dict[int, list[str]] = {}
    for lesson_id, qid in db.session.execute(
        select(Question.lesson_id, Question.qid)
        .where(Question.lesson_id.in_(list(quizzes)), Question.archived_at.is_(None))
        .order_by(Question.position)
    ):
        questions.setdefault(lesson_id, []).append(qid)
    difficulty = {
        (q, qid): rng.uniform(0.35, 0.95) for q, qids in questions.items() for qid in qids
    }
    now = utcnow()
    done = 0
    while done < learners:
        count = min(BATCH, learners - done)
        users = [
            {
                "email": f"demo{cohort.id}-{done + i}@demo.example.org",
                "password_hash": password_hash,
                "display_name": f"Learner {done + i:05d}",
                "certificate_name": f"Learner {done + i:05d}",
                "language": rng.choice(("en", "fr", "es")),
                "role": "learner",
                "session_version": 0,
                "created_at": now - timedelta(days=40),
            }
            for i in range(count)
        ]
        ids = list(
            db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), users)
        )
        members, enrolments, lessons, attempts = [], [], [], []
        for user_id in ids:
            joined = now - timedelta(days=rng.uniform(10, 40))
            members.append(
                {"cohort_id": cohort.id, "user_id": user_id, "joined_at": joined, "how": "link"}
            )
            finisher = rng.random() < COMPLETING
            reached = len(items) if finisher else rng.randint(0, len(items))
            moment = joined
            last_item = None
            failed = False  # a required quiz never passed
            # Steps spread over the time since joining: no activity after now.
            step = (now - joined) / (len(items) + 1)
            for item in items[:reached]:
                moment += step * rng.uniform(0.3, 1.0)
                last_item = item.id
                if item.kind == "assignment":  # nothing to hand in yet
                    continue
                if item.kind != "quiz":
                    lessons.append(
                        {"user_id": user_id, "lesson_id": item.id, "completed_at": moment}
                    )
                    continue
                quiz = quizzes[item.id]
                tries = rng.randint(1, quiz.max_attempts or 3)
                for number in range(1, tries + 1):
                    results = {
                        qid: rng.random() < difficulty[(item.id, qid)] + 0.1 * (number - 1)
                        for qid in questions.get(item.id, [])
                    }
                    if finisher and number == tries:  # a finisher passes, well
                        results = dict.fromkeys(results, True)
                    score = 100.0 * sum(results.values()) / len(results) if results else 0.0
                    passed = score >= (quiz.pass_mark or 0)
                    attempts.append(
                        {
                            "user_id": user_id,
                            "lesson_id": item.id,
                            "number": number,
                            "score": score,
                            "passed": passed,
                            "answers": {},
                            "results": results,
                            "created_at": moment,
                        }
                    )
                    if passed:
                        break
                failed = failed or (item.required and not passed)
            complete = (
                not failed
                and not required_assignments
                and all(item.required is False for item in items[reached:])
            )
            enrolments.append(
                {
                    "user_id": user_id,
                    "course_id": course.id,
                    "created_at": joined,
                    "last_lesson_id": last_item,
                    "last_seen_at": min(moment, now),
                    "completed_at": moment if complete else None,
                }
            )
        for model, rows in (
            (CohortMember, members),
            (Enrolment, enrolments),
            (LessonProgress, lessons),
            (QuizAttempt, attempts),
        ):
            if rows:
                db.session.execute(insert(model), rows)
        db.session.commit()
        done += count
        if progress:
            progress(count)
    counters.recount_cohort(cohort)  # rows written directly: the dashboard's counters at once
    db.session.commit()
    return cohort
