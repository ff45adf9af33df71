"""Mark as done, a learner's hot path: the statements it runs, a completion stamped meanwhile."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event, select

from mooc.courses.models import Enrolment, LessonProgress
from mooc.extensions import db
from tests.courses.test_learning import RIGHT


def test_mark_as_done_runs_a_fixed_handful_of_statements(client, enrolled, count_queries):
    client.post("/courses/demo/lessons/intro/done")  # builds and caches the course's outline
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    with count_queries() as counter:
        response = client.post("/courses/demo/lessons/housing/done")
    assert response.status_code == 302
    # the user; the lesson, course and enrolment; the sequential lock; the insert; the
    # learner's cohorts on the course (none here: no dashboard counters to recount); what is
    # left to do; the completion stamp (the last required item)
    assert counter.count == 7, counter.statements
    assert [w.split()[:3] for w in counter.writes] == [
        ["INSERT", "INTO", "lesson_progress"],
        ["UPDATE", "enrolments", "SET"],
    ]
    with count_queries() as counter:
        client.post("/courses/demo/lessons/housing/done")  # again: refused by the unique key
    # (the course is complete now: a completed course locks nothing, no lock to look up)
    assert counter.count == 3, counter.statements
    assert db.session.scalar(select(Enrolment)).completed_at is not None


def test_a_completion_stamped_meanwhile_is_kept(client, enrolled):
    client.post("/courses/demo/lessons/intro/done")
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    earlier = datetime(2020, 1, 2, 3, 4, 5)

    def simultaneous(conn, cursor, statement, parameters, context, executemany):
        # Another request completes the course between our read and our insert.
        if statement.lstrip().upper().startswith("INSERT INTO LESSON_PROGRESS"):
            other = cursor.connection.cursor()
            other.execute(
                "UPDATE enrolments SET completed_at = "
                + ("%s" if db.engine.dialect.paramstyle != "qmark" else "?"),
                (earlier,),
            )
            other.close()

    event.listen(db.engine, "before_cursor_execute", simultaneous)
    try:
        client.post("/courses/demo/lessons/housing/done")
    finally:
        event.remove(db.engine, "before_cursor_execute", simultaneous)
    db.session.expire_all()
    assert db.session.scalar(select(Enrolment)).completed_at == earlier
    assert db.session.query(LessonProgress).count() == 2
