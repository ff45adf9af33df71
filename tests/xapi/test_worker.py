"""The whole way, with real processes: the app commits events, a `flask worker` sends the outbox
to a real LRS; the LRS stops, the worker fails and backs off, the statements wait; the LRS
returns and the worker's upkeep (every 2 s here: MOOC_JOBS_UPKEEP_SECONDS) sends them, in order,
with no new event."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mooc import create_app
from mooc.courses import services as learning
from mooc.courses.models import Course
from mooc.extensions import db
from mooc.xapi.models import Sender, Statement
from tests.factories import UserFactory
from tests.jobs.workers import Worker, unique_queue, wait_for
from tests.scratch import scratch_database
from tests.trees import TreeBuilder
from tests.xapi import lrs as peer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(peer.missing() is not None, reason=peer.missing() or ""),
]


def statuses() -> list[str]:
    db.session.rollback()  # a new snapshot: what the worker committed
    return list(db.session.scalars(select(Statement.status).order_by(Statement.id)))


def test_a_worker_sends_waits_while_the_lrs_is_down_and_resumes(tmp_path):
    auth = peer.AuthPeer()
    lrs = peer.Lrs(tmp_path / "lrs", auth)
    lrs.folder.mkdir()
    lrs.start()
    with scratch_database(tmp_path, "xapi") as url:
        config = {
            "DATABASE_URL": url,
            "SECRET_KEY": "xapi-test",
            "CONTENT_DIR": str(tmp_path / "content"),
            "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
            "JOBS_QUEUE": unique_queue(),
            "JOBS_LEASE": 5,
            "JOBS_UPKEEP_SECONDS": 2,  # 60 in production: the test waits seconds, not minutes
            "LRS_URL": lrs.url,
            "LRS_KEY": peer.KEY,
            "LRS_SECRET": peer.SECRET,
            "XAPI_RETRY_DELAY": 1,
            "XAPI_RETRY_MAX": 4,  # however many failures while down, a retry within seconds
            "XAPI_TIMEOUT": 3,
        }
        app = create_app({**config, "TESTING": True})
        worker = None
        with app.app_context():
            db.create_all()
            TreeBuilder(tmp_path / "content").baseline()
            assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
            try:
                worker = Worker(config, tmp_path / "worker.log")
                course_id = db.session.scalar(select(Course.id))
                users = [UserFactory() for _n in range(5)]
                learning.enrol_many([user.id for user in users], course_id)
                wait_for(lambda: statuses() == ["sent"] * 5, 60, 0.2, "the enrolments sent")

                lrs.stop()
                for lesson in ("intro", "charters"):  # each learner's two events, interleaved
                    for user in users:
                        learning.complete_lesson(user.id, "demo", lesson)
                wait_for(
                    lambda: (db.session.get(Sender, 1, populate_existing=True).failures or 0) > 0,
                    60,
                    0.2,
                    "the worker to find the LRS down",
                )
                assert statuses() == ["sent"] * 5 + ["pending"] * 10

                lrs.start()  # back (empty: in-memory); no new event: the upkeep must send
                wait_for(lambda: statuses() == ["sent"] * 15, 150, 0.5, "the upkeep to resend")
                held = list(
                    db.session.scalars(
                        select(Statement).where(Statement.id > 5).order_by(Statement.id)
                    )
                )
                for user in users:
                    stored = lrs.statements_of(
                        {
                            "objectType": "Agent",
                            "account": {"homePage": "http://localhost/", "name": str(user.id)},
                        }
                    )
                    mine = [row for row in held if row.user_id == user.id]
                    assert [s["id"] for s in stored] == [row.uuid for row in mine]  # in order
                    lessons = [s["object"]["id"].rsplit("/", 1)[1] for s in stored]
                    assert lessons == ["intro", "charters"]
            finally:
                if worker is not None:
                    worker.stop()
                lrs.stop()
                auth.close()
                db.session.remove()
                db.drop_all()
                db.engine.dispose()
