"""`flask demo accounts` (what `make run` does on a fresh database): a demo admin, trainer and
learner, the trainer attached to the demo city and running the demo cohort the learner is in."""

from __future__ import annotations

from sqlalchemy import func, select

from mooc.accounts.models import TrainerCity, User
from mooc.cohorts.models import Cohort, CohortMember
from mooc.extensions import db
from tests.factories import CityFactory, CourseFactory


def test_demo_accounts_sign_in_and_the_trainer_runs_a_cohort_of_her_city(runner):
    CourseFactory()
    city = CityFactory()
    db.session.commit()
    result = runner.invoke(args=["demo", "accounts"])
    assert result.exit_code == 0, result.output
    assert "password" in result.output
    trainer = db.session.scalar(select(User).where(User.role == "trainer"))
    assert db.session.get(TrainerCity, (trainer.id, city.id)) is not None
    cohort = db.session.scalar(select(Cohort))
    assert cohort.city_id == city.id
    assert db.session.scalar(select(func.count()).select_from(CohortMember)) == 1
    again = runner.invoke(args=["demo", "accounts"])  # make run again: nothing new
    assert again.exit_code == 0, again.output
    assert db.session.scalar(select(func.count()).select_from(Cohort)) == 1
    assert db.session.scalar(select(func.count()).select_from(User)) == 3
