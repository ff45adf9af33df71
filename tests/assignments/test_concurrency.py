"""Real threads: 20 learners hand in and ask for work to review at the same moment; no review
slot is ever given twice, nobody reviews her own work or the same work twice (SQLite and
PostgreSQL, each thread with its own connection)."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from mooc import create_app
from mooc.assignments import services
from mooc.assignments.models import Review, Submission
from mooc.courses import services as learning
from mooc.courses.models import Course, Lesson
from mooc.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.factories import CityFactory, UserFactory
from tests.scratch import scratch_database
from tests.test_concurrency import THREADS, at_once
from tests.trees import COURSE, SECOND_EDITION, TreeBuilder


@pytest.fixture
def review_app(tmp_path):
    """An app on its own database with the assignment course and 20 enrolled learners."""
    with scratch_database(tmp_path, "reviews") as url:
        tree = TreeBuilder(tmp_path / "content")
        tree.baseline()
        for name, text in SECOND_EDITION.items():
            tree.write(name, text)
        tree.replace(f"{COURSE}/course.md", "sequential: true", "sequential: false")
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "SECRET_KEY": "t",
                "CONTENT_DIR": str(tmp_path / "content"),
                "JOBS_URL": "memory://",
                "JOBS_IMMEDIATE": True,
                "SQLALCHEMY_ENGINE_OPTIONS": (
                    {"pool_size": THREADS + 2} if TEST_DATABASE_URL else {}
                ),
            }
        )
        with app.app_context():
            db.create_all()
            assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
            cities = [CityFactory(), CityFactory(), CityFactory()]
            course = db.session.scalar(select(Course.id))
            ids = []
            for n in range(THREADS):
                user = UserFactory(city_id=cities[n % 3].id)
                learning.enrol(user.id, course)
                ids.append(user.id)
            db.session.commit()
            app.config["test_user_ids"] = ids
            db.session.remove()
        try:
            yield app
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def test_simultaneous_hand_ins_and_requests_never_share_a_slot(review_app):
    waiting = list(review_app.config["test_user_ids"])

    def hand_in_and_ask():
        user_id = waiting.pop()
        lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "plan"))
        services.save(user_id, lesson, f"The plan of learner {user_id}.", True)
        return [r.id for r in services.request_reviews(user_id, lesson)]

    results = at_once(review_app, hand_in_and_ask)
    assert [r for r in results if isinstance(r, Exception)] == []
    with review_app.app_context():
        lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "plan"))
        for user_id in review_app.config["test_user_ids"]:  # everyone asks once more, in turn
            services.request_reviews(user_id, lesson)
        reviews = db.session.scalars(select(Review)).all()
        authors = dict(db.session.execute(select(Submission.id, Submission.user_id)).all())
        slots = [(r.submission_id, r.slot) for r in reviews]
        assert len(slots) == len(set(slots)), "a review slot given twice"
        pairs = [(r.reviewer_id, r.submission_id) for r in reviews]
        assert len(pairs) == len(set(pairs)), "the same work given twice to a reviewer"
        assert all(authors[s] != r for r, s in pairs), "a learner given her own work"
        assert all(1 <= r.slot <= lesson.reviews for r in reviews)
        assert Counter(s for _r, s in pairs) == dict.fromkeys(authors, lesson.reviews)
