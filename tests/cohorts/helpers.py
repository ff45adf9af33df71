"""Cohorts for tests: a city, a trainer, a cohort on the baseline course, learners with progress."""

from __future__ import annotations

from mooc.cohorts import services
from mooc.courses import services as learning
from mooc.extensions import db
from mooc.quizzes import services as quizzes
from mooc.quizzes.models import Question
from tests.factories import CityFactory, UserFactory

RIGHT = {"adopted-by": 1, "charters": [0, 1], "forum-city": "Gwangju"}
WRONG = {"adopted-by": 0, "charters": [0], "forum-city": "Seoul"}


def make_cohort(trainer=None, city=None, name="Montevideo officials", target="course:demo"):
    """A cohort on the baseline course (synced first) run by `trainer`."""
    trainer = trainer or UserFactory(role="trainer")
    city = city or CityFactory(name="Montevideo", country="UY", region="latin-america")
    attach(trainer, city)
    return services.create(trainer, name, city.id, target), trainer


def attach(trainer, city) -> None:
    """An admin attached the trainer to the city (she may run cohorts there)."""
    from mooc.accounts.models import TrainerCity

    if db.session.get(TrainerCity, (trainer.id, city.id)) is None:
        db.session.add(TrainerCity(user_id=trainer.id, city_id=city.id))
        db.session.commit()


def add_learner(cohort, **fields):
    """A learner who joined the cohort by its link."""
    user = UserFactory(**fields)
    services.join(user, cohort.join_code)
    return user


def quiz_lesson():
    from sqlalchemy import select

    from mooc.courses.models.content import Lesson

    return db.session.scalar(select(Lesson).where(Lesson.slug == "check"))


def questions_count() -> int:
    from sqlalchemy import func, select

    return db.session.scalar(select(func.count()).select_from(Question))


def progress(user, lessons=(), attempts=()):
    """Mark lessons done and submit quiz attempts (answers dicts) as `user`."""
    for slug in lessons:
        learning.complete_lesson(user.id, "demo", slug)
    for answers in attempts:
        quizzes.submit(user.id, quiz_lesson(), answers)
