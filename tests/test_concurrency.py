"""Real concurrency: threads with their own connections against a scratch database."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, func, select

from mooc import create_app
from mooc.courses import services as learning
from mooc.courses.models import Enrolment, Lesson, LessonProgress
from mooc.extensions import db
from mooc.quizzes import services as quizzes
from mooc.quizzes.errors import QuizError
from mooc.quizzes.models import QuizAttempt
from tests.conftest import TEST_DATABASE_URL
from tests.factories import UserFactory
from tests.scratch import scratch_database
from tests.trees import TreeBuilder

THREADS = 20


@pytest.fixture
def scratch_app(tmp_path):
    """An app on its own database (no test transaction), with the baseline course synced."""
    with scratch_database(tmp_path, "concurrency") as url:
        yield from scratch_app_on(url, tmp_path)


def scratch_app_on(url: str, tmp_path):
    """The app on `url` with the baseline course synced and one enrolled learner."""
    TreeBuilder(tmp_path / "content").baseline()
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "t",
            "CONTENT_DIR": str(tmp_path / "content"),
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": THREADS + 2} if TEST_DATABASE_URL else {},
        }
    )
    with app.app_context():
        db.create_all()
        assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
        user = UserFactory()
        course = db.session.scalar(select(Lesson)).course_id
        db.session.add(Enrolment(user_id=user.id, course_id=course))
        db.session.commit()
        app.config["test_user_id"] = user.id
        db.session.remove()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def at_once(app, work):
    """Run `work()` in THREADS threads released together, each in its own app context."""
    barrier = threading.Barrier(THREADS)

    def one(_n):
        with app.app_context():
            barrier.wait()
            try:
                return work()
            except Exception as error:  # noqa: BLE001 - collected and checked by the test
                return error
            finally:
                db.session.remove()

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(one, range(THREADS)))


def test_simultaneous_quiz_submissions_never_exceed_max_attempts(scratch_app):
    user_id = scratch_app.config["test_user_id"]

    def submit():
        lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "check"))
        return quizzes.submit(user_id, lesson, {"adopted-by": [1]})

    results = at_once(scratch_app, submit)
    refused = [r for r in results if isinstance(r, QuizError)]
    assert all(r.code == "no_attempts_left" for r in refused)
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, QuizError)]
    assert unexpected == []
    with scratch_app.app_context():
        numbers = db.session.scalars(select(QuizAttempt.number).order_by(QuizAttempt.number))
        assert list(numbers) == [1, 2, 3]  # max_attempts: 3
    assert len(refused) == THREADS - 3


def test_simultaneous_mark_as_done_gives_one_record(scratch_app):
    user_id = scratch_app.config["test_user_id"]
    results = at_once(scratch_app, lambda: learning.complete_lesson(user_id, "demo", "intro"))
    assert [r for r in results if isinstance(r, Exception)] == []
    with scratch_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1


def test_simultaneous_certificate_requests_give_one_certificate(scratch_app):
    from mooc.accounts.models import User
    from mooc.certificates import services as certificates
    from mooc.certificates.models import Certificate

    user_id = scratch_app.config["test_user_id"]
    with scratch_app.app_context():
        lessons = db.session.scalars(select(Lesson)).all()
        for lesson in lessons:
            if lesson.kind == "lesson" and lesson.required:
                db.session.add(LessonProgress(user_id=user_id, lesson_id=lesson.id))
            elif lesson.kind == "quiz":
                db.session.add(
                    QuizAttempt(
                        user_id=user_id,
                        lesson_id=lesson.id,
                        number=1,
                        score=100,
                        passed=True,
                        answers={},
                        results={},
                    )
                )
        db.session.commit()

    def issue():
        with scratch_app.test_request_context():
            return certificates.issue(db.session.get(User, user_id), "demo", "en").code

    codes = at_once(scratch_app, issue)
    assert [c for c in codes if isinstance(c, Exception)] == []
    assert len(set(codes)) == 1
    with scratch_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1


def whole_database(url: str) -> dict[str, list]:
    """Every row of every table, read through a connection of its own."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: sorted(map(repr, conn.execute(table.select()).all()))
                for table in db.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_a_sync_that_fails_halfway_leaves_the_database_as_it_was(scratch_app, monkeypatch):
    """An error after some writes have reached the server: another connection then sees
    exactly the rows it saw before, and while the sync ran it saw none of its writes."""
    from pathlib import Path

    from mooc.courses.content import apply as apply_module
    from tests.trees import MODULE, MODULE2, TreeBuilder

    url = scratch_app.config["SQLALCHEMY_DATABASE_URI"]
    before = whole_database(url)
    tree = TreeBuilder(Path(scratch_app.config["CONTENT_DIR"]))
    tree.replace(f"{MODULE}/01-intro.md", "community", "neighbourhood")
    tree.write(f"{MODULE2}/02-new.md", "---\ntitle: New\n---\n\nNew.\n")
    tree.remove(f"{MODULE2}/01-housing.md")
    tree.remove(f"{MODULE2}/01-housing.fr.md")
    seen_meanwhile = {}

    def explode(self):
        db.session.flush()  # the writes so far are on the server, in the open transaction
        seen_meanwhile.update(whole_database(url))
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply_module.Applier, "save_cache", explode)
    result = scratch_app.test_cli_runner().invoke(args=["content", "sync"])
    assert result.exit_code != 0
    assert seen_meanwhile == before
    assert whole_database(url) == before
