"""Demo accounts for `make run`: an admin, a trainer and a learner in a demo cohort, so that a
fresh database can be tried in every role at once (`flask demo accounts`, printed with their
password). Demo databases only."""

from __future__ import annotations

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from mooc.accounts.models import TrainerCity, User
from mooc.cities.models import MemberCity
from mooc.cohorts import services
from mooc.cohorts.demo import DEMO_PASSWORD
from mooc.cohorts.models import Cohort, CohortTrainer
from mooc.courses.models import Course
from mooc.courses.outlines import visible
from mooc.extensions import db
from mooc.transactions import insert_once, transactional

ACCOUNTS = (
    ("admin", "admin@demo.example.org", "Demo Admin"),
    ("trainer", "trainer@demo.example.org", "Demo Trainer"),
    ("learner", "learner@demo.example.org", "Demo Learner"),
)
COHORT = "Demo cohort"


@transactional
def ensure_accounts() -> list[tuple[str, str]]:
    """Create the demo accounts that are missing (and the demo cohort, when a course and a city
    exist): [(role, email)]. Running it again changes nothing."""
    users = {}
    for role, email, name in ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(
                email=email,
                password_hash=generate_password_hash(DEMO_PASSWORD),
                display_name=name,
                certificate_name=name,
                role=role,
            )
            db.session.add(user)
            db.session.flush()
        users[role] = user
    course = db.session.scalar(select(Course).where(*visible()).order_by(Course.id).limit(1))
    city = db.session.scalar(select(MemberCity).order_by(MemberCity.id).limit(1))
    exists = db.session.scalar(
        select(Cohort.id)
        .join(CohortTrainer, CohortTrainer.cohort_id == Cohort.id)
        .where(Cohort.name == COHORT, CohortTrainer.user_id == users["trainer"].id)
    )
    if course is not None and city is not None and exists is None:
        # The demo trainer works for the demo city, as an admin would attach her.
        insert_once(TrainerCity, {"user_id": users["trainer"].id, "city_id": city.id})
        cohort = services.create(users["trainer"], COHORT, city.id, f"course:{course.slug}")
        services.join(users["learner"], cohort.join_code)
    return [(role, email) for role, email, _name in ACCOUNTS]
