"""Profile the learner pages with cProfile on the test client (after `bench/pages.py` has left
its data in the database named by MOOC_BENCH_DATABASE_URL): the top costs of each page.

    MOOC_BENCH_DATABASE_URL=postgresql+psycopg://… python scripts/profile_pages.py [page] [n]
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import time

from sqlalchemy import event, select

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> None:
    from mooc import create_app
    from mooc.accounts.models import User
    from mooc.certificates.models import Certificate
    from mooc.cohorts.demo import DEMO_PASSWORD
    from mooc.courses.models import Enrolment, Lesson
    from mooc.extensions import db

    only = sys.argv[1] if len(sys.argv) > 1 else None
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    app = create_app(
        {
            "DATABASE_URL": os.environ["MOOC_BENCH_DATABASE_URL"],
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
        }
    )
    with app.app_context():
        certificate = db.session.scalars(select(Certificate)).first()
        user = db.session.get(User, certificate.user_id)
        enrolment = db.session.scalars(
            select(Enrolment).where(Enrolment.user_id == user.id)
        ).first()
        lessons = db.session.scalars(
            select(Lesson).where(Lesson.course_id == enrolment.course_id).order_by(Lesson.position)
        ).all()
        first = min(x.module_id for x in lessons)
        lesson = next(x for x in lessons if x.module_id == first and x.kind == "lesson")
        quiz = next(x for x in lessons if x.module_id == first and x.kind == "quiz")
        course = lesson.course.slug
        email, code = user.email, certificate.code
        db.session.remove()
    learner = app.test_client()
    response = learner.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.status_code
    token = (
        app.test_client()
        .post("/api/v1/tokens", json={"email": email, "password": DEMO_PASSWORD, "name": "p"})
        .json["token"]
    )
    anonymous = app.test_client()
    trainer = app.test_client()
    response = trainer.post(
        "/login", data={"email": "trainer@demo.example.org", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, response.status_code
    pages = {
        "course": (learner, f"/courses/{course}/", {}),
        "lesson": (learner, f"/courses/{course}/lessons/{lesson.slug}", {}),
        "quiz": (learner, f"/courses/{course}/quizzes/{quiz.slug}", {}),
        "catalogue": (anonymous, "/", {}),
        "verify": (anonymous, f"/verify/{code}", {}),
        "api": (
            anonymous,
            f"/api/v1/courses/{course}/lessons/{lesson.slug}",
            {"Authorization": f"Bearer {token}"},
        ),
    }
    with app.app_context():
        from mooc.cohorts.models import Cohort

        for cohort in db.session.scalars(select(Cohort).order_by(Cohort.id)):
            pages[f"dashboard{cohort.id}"] = (trainer, f"/cohorts/{cohort.id}", {})
        db.session.remove()
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    for name, (client, path, headers) in pages.items():
        if only and not name.startswith(only):
            continue
        for _ in range(3):
            response = client.get(path, headers=headers)
            assert response.status_code == 200, (
                name,
                path,
                response.status_code,
                response.location,
            )
        statements.clear()
        client.get(path, headers=headers)
        queries = list(statements)
        profile = cProfile.Profile()
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(count):
            client.get(path, headers=headers)
        elapsed = (time.perf_counter() - started) / count * 1000
        cpu = (time.process_time() - cpu) / count * 1000
        profile.enable()
        for _ in range(count):
            client.get(path, headers=headers)
        profile.disable()
        print(
            f"=== {name} {path}: {elapsed:.2f} ms/request ({cpu:.2f} ms CPU),"
            f" {len(queries)} queries"
        )
        for q in queries if os.environ.get("PROFILE") != "0" else ():
            print("   ", " ".join(q.split())[:160])
        if os.environ.get("PROFILE") == "0":
            continue
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
        print(out.getvalue())


if __name__ == "__main__":
    main()
