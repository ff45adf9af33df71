"""Adding 5,000 learners (half with an account, half invited) to a path cohort, against the same
rows written with one bulk INSERT per table.

Ours: `cohorts.services.add_learners` (one transaction: members, invitations, path enrolments,
each learner's first course). The floor: the same rows, computed beforehand, inserted with one
multi-row INSERT per table and one commit. Fresh cohort each round; medians of interleaved rounds.
SQLite under a temporary folder, or PostgreSQL when `MOOC_BENCH_DATABASE_URL` is set.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

EMAILS = 5000
ROUNDS = 5
TARGET = 3.0


def prepare(scratch: str):
    """An app on a fresh database with the baseline course and path, and EMAILS/2 accounts."""
    from sqlalchemy import insert

    from mooc import create_app
    from mooc.accounts.models import User
    from mooc.extensions import db
    from tests.factories import _HASH
    from tests.trees import TreeBuilder

    content = Path(scratch) / "content"
    TreeBuilder(content).baseline()
    url = os.environ.get("MOOC_BENCH_DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url, "CONTENT_DIR": str(content)}
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
        rows = [
            {
                "email": f"known{n}@example.org",
                "password_hash": _HASH,
                "display_name": f"K{n}",
                "certificate_name": f"K{n}",
            }
            for n in range(EMAILS // 2)
        ]
        db.session.execute(insert(User), rows)
        db.session.commit()
    return app


def emails() -> list[tuple[int, str]]:
    known = [f"known{n}@example.org" for n in range(EMAILS // 2)]
    unknown = [f"new{n}@example.org" for n in range(EMAILS - EMAILS // 2)]
    return list(enumerate(known + unknown, start=1))


def new_cohort(round_number: int):
    """A path cohort of its own for a round (nobody in it yet)."""
    from mooc.accounts.models import User
    from mooc.cities.models import MemberCity
    from mooc.cohorts import services
    from mooc.extensions import db

    city = MemberCity(name=f"City {round_number}", country="UY", region="latin-america")
    db.session.add(city)
    trainer = User(
        email=f"trainer{round_number}@example.org",
        password_hash="x",
        display_name="T",
        certificate_name="T",
        role="trainer",
    )
    db.session.add(trainer)
    db.session.commit()
    return services.create(trainer, f"Cohort {round_number}", city.id, "path:practitioner")


def reset(app) -> None:
    """Remove what a round wrote, so that every round starts from the same tables."""
    from sqlalchemy import delete

    from mooc.cohorts.models import CohortInvitation, CohortMember
    from mooc.courses.models import Enrolment, PathEnrolment
    from mooc.extensions import db

    for model in (CohortMember, CohortInvitation, Enrolment, PathEnrolment):
        db.session.execute(delete(model))
    db.session.commit()


def ours(cohort) -> float:
    from mooc.cohorts import services

    started = time.perf_counter()
    services.add_learners(cohort, emails())
    return time.perf_counter() - started


def floor(cohort) -> float:
    """The same rows, known in advance, with one INSERT per table and one commit."""
    from sqlalchemy import insert, select

    from mooc.accounts.models import User
    from mooc.clock import utcnow
    from mooc.cohorts.models import CohortInvitation, CohortMember
    from mooc.courses.models import Enrolment, PathCourse, PathEnrolment
    from mooc.extensions import db

    ids = list(db.session.scalars(select(User.id).where(User.email.like("known%"))))
    first_course = db.session.scalar(
        select(PathCourse.course_id)
        .where(PathCourse.path_id == cohort.path_id)
        .order_by(PathCourse.position)
    )
    now = utcnow()
    started = time.perf_counter()
    db.session.execute(
        insert(CohortMember),
        [{"cohort_id": cohort.id, "user_id": i, "how": "email", "joined_at": now} for i in ids],
    )
    invited = [e for _n, e in emails() if e.startswith("new")]
    db.session.execute(
        insert(CohortInvitation),
        [{"cohort_id": cohort.id, "email": e, "created_at": now} for e in invited],
    )
    db.session.execute(
        insert(PathEnrolment),
        [{"user_id": i, "path_id": cohort.path_id, "created_at": now} for i in ids],
    )
    db.session.execute(
        insert(Enrolment),
        [
            {"user_id": i, "course_id": first_course, "created_at": now, "last_seen_at": now}
            for i in ids
        ],
    )
    db.session.commit()
    return time.perf_counter() - started


def run() -> list[dict]:
    """Interleaved rounds of ours and the floor; the bench table row."""
    from bench.content import row
    from mooc.extensions import db

    with tempfile.TemporaryDirectory() as scratch:
        app = prepare(scratch)
        with app.app_context():
            ours_times, floor_times = [], []
            for number in range(ROUNDS):
                ours_times.append(ours(new_cohort(2 * number)))
                reset(app)
                floor_times.append(floor(new_cohort(2 * number + 1)))
                reset(app)
            db.drop_all()
            db.session.remove()
            db.engine.dispose()
    database = "PostgreSQL" if os.environ.get("MOOC_BENCH_DATABASE_URL") else "SQLite"
    return [
        row(
            f"add {EMAILS} learners to a path cohort (half invited), {database}",
            statistics.median(ours_times),
            statistics.median(floor_times),
            TARGET,
            f"median of {ROUNDS} interleaved rounds; floor: one bulk INSERT per table",
        )
    ]


if __name__ == "__main__":
    from bench.run import print_table

    print_table(run())
