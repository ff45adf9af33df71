"""A cohort discussion with 1,000 posts (500 threads, 500 replies): time per page through our
code (sign-in, access checks, pinned-first threads with their replies, the whole page) against a
floor in the same process: one indexed SELECT of the same 20 threads rendered by a tiny template.

In-process (Flask's test client), SQLite under a temporary folder, or PostgreSQL when
`MOOC_BENCH_DATABASE_URL` is set. A few seconds."""

from __future__ import annotations

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

POSTS = 1000
ROUNDS = 40
TARGET = 6.0  # our page at most six times the floor's time


def seed(app):
    """A course, a cohort of 50, a discussion of 500 threads each with one reply."""
    from sqlalchemy import select
    from werkzeug.security import generate_password_hash

    from mooc.accounts.models import User
    from mooc.cities.models import MemberCity
    from mooc.cohorts.models import Cohort, CohortMember, CohortTrainer
    from mooc.courses.models import Course, Module
    from mooc.exchange.models import Discussion, Post
    from mooc.extensions import db

    city = MemberCity(name="Montevideo", country="UY", region="latin-america")
    course = Course(slug="bench", status="published", language="en")
    db.session.add_all([city, course])
    db.session.flush()
    module = Module(course_id=course.id, slug="basics", position=1)
    password = generate_password_hash("bench-password")
    users = [
        User(
            email=f"bench{n}@example.org",
            password_hash=password,
            display_name=f"Learner {n}",
            certificate_name=f"Learner {n}",
            city_id=city.id,
        )
        for n in range(50)
    ]
    db.session.add_all([module, *users])
    db.session.flush()
    cohort = Cohort(name="Bench", city_id=city.id, course_id=course.id, join_code="bench-code")
    db.session.add(cohort)
    db.session.flush()
    db.session.add_all(CohortMember(cohort_id=cohort.id, user_id=u.id) for u in users)
    db.session.add(CohortTrainer(cohort_id=cohort.id, user_id=users[0].id))
    discussion = Discussion(cohort_id=cohort.id, module_id=module.id, title="Desks", body="")
    db.session.add(discussion)
    db.session.flush()
    threads = [
        Post(
            author_id=users[n % 50].id,
            cohort_id=cohort.id,
            discussion_id=discussion.id,
            body=f"Thread {n}",
            body_html=f"<p>Thread {n} about the <strong>desk</strong></p>",
            city_id=city.id,
        )
        for n in range(POSTS // 2)
    ]
    db.session.add_all(threads)
    db.session.flush()
    db.session.add_all(
        Post(
            author_id=users[(n + 1) % 50].id,
            cohort_id=cohort.id,
            discussion_id=discussion.id,
            parent_id=thread.id,
            body="A reply",
            body_html="<p>A reply</p>",
            city_id=city.id,
        )
        for n, thread in enumerate(threads)
    )
    db.session.commit()
    assert db.session.scalar(select(db.func.count()).select_from(Post)) == POSTS
    return discussion.id, users[1].email


def run() -> list[dict]:
    from flask import render_template_string
    from sqlalchemy import select

    from bench.content import row
    from mooc import create_app
    from mooc.exchange.models import Post
    from mooc.extensions import db

    scratch = tempfile.mkdtemp(prefix="bench-discussion-")
    url = os.environ.get("MOOC_BENCH_DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
        }
    )

    @app.get("/floor/<int:discussion_id>")
    def floor(discussion_id: int):
        posts = db.session.scalars(
            select(Post)
            .where(Post.discussion_id == discussion_id, Post.parent_id.is_(None))
            .order_by(Post.created_at.desc())
            .limit(20)
        ).all()
        return render_template_string(
            "<!doctype html><title>x</title>{% for p in posts %}{{ p.body_html|safe }}{% endfor %}",
            posts=posts,
        )

    with app.app_context():
        db.drop_all()
        db.create_all()
        discussion_id, email = seed(app)
        client = app.test_client()
        client.post("/login", data={"email": email, "password": "bench-password"})
        ours_url, floor_url = f"/discussions/{discussion_id}", f"/floor/{discussion_id}"
        assert client.get(ours_url).status_code == 200
        assert client.get(floor_url).status_code == 200

        def timed(path: str) -> float:
            started = time.perf_counter()
            for _round in range(ROUNDS):
                client.get(path)
            return (time.perf_counter() - started) / ROUNDS

        ours, base = timed(ours_url), timed(floor_url)
        db.session.remove()
        if not os.environ.get("MOOC_BENCH_DATABASE_URL"):
            db.drop_all()
        db.engine.dispose()
    return [
        row(
            "discussion page, 1,000 posts",
            ours,
            base,
            TARGET,
            "20 threads with replies, pinned first; floor: one SELECT, tiny template",
        )
    ]


if __name__ == "__main__":
    from bench.run import print_table

    print_table(run())
