"""The dashboard's counters equal the truth recomputed from progress rows, whatever the writes."""

from __future__ import annotations

import uuid
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from mooc.cohorts import analysis, learners, reports
from mooc.cohorts.models import CohortMember
from mooc.courses.models import LessonProgress
from mooc.errors import ServiceError
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt
from tests.cohorts.helpers import RIGHT, WRONG, add_learner, make_cohort, progress
from tests.factories import CityFactory
from tests.trees import BASELINE, MODULE2

HALF = {"adopted-by": 1, "charters": [0], "forum-city": "Gwangju"}

actions = st.lists(
    st.one_of(
        st.tuples(st.just("join"), st.integers(0, 3)),
        st.tuples(st.just("lesson"), st.integers(0, 3), st.sampled_from(["intro", "charters"])),
        st.tuples(st.just("housing"), st.integers(0, 3)),
        st.tuples(st.just("quiz"), st.integers(0, 3), st.sampled_from([0, 1, 2])),
        st.tuples(st.just("archive"), st.booleans()),
    ),
    max_size=12,
)


def truth_of(cohort) -> dict:
    """What the dashboard shows, computed from the progress rows (the streamed report's
    queries, and the rows themselves for modules and questions)."""
    scope = reports.scope_of(cohort, "en")
    rows = {row.user_id: row for row in reports.learner_rows(scope)}
    members = [row for row in rows.values()]
    bests = [best for row in members for best in row.best.values()]
    done_items = {
        (u, lesson)
        for u, lesson in db.session.execute(
            select(LessonProgress.user_id, LessonProgress.lesson_id).where(
                LessonProgress.lesson_id.in_(scope.lessons)
            )
        )
    } | {
        (u, lesson)
        for u, lesson in db.session.execute(
            select(QuizAttempt.user_id, QuizAttempt.lesson_id).where(
                QuizAttempt.lesson_id.in_(scope.required_quizzes), QuizAttempt.passed.is_(True)
            )
        )
    }
    modules = [
        sum(
            1
            for u in rows
            if all((u, item) in done_items for item in entry.required) and entry.required
        )
        if entry.required
        else len(rows)
        for entry in scope.modules
    ]
    tried, right = Counter(), Counter()
    for attempt in db.session.scalars(
        select(QuizAttempt).where(
            QuizAttempt.number == 1,
            QuizAttempt.user_id.in_(list(rows)),
            QuizAttempt.lesson_id.in_([q.id for q in scope.quizzes]),
        )
    ):
        for qid, good in attempt.results.items():
            tried[(attempt.lesson_id, qid)] += 1
            right[(attempt.lesson_id, qid)] += int(bool(good))
    return {
        "rows": {u: (r.done, r.last_activity, r.certificate) for u, r in rows.items()},
        "enrolled": len(rows),
        "completed": sum(1 for r in members if r.completed),
        "average": round(sum(bests) / len(bests), 6) if bests else None,
        "modules": modules,
        "questions": {k: (tried[k], right[k]) for k in tried},
    }


def counted(cohort) -> dict:
    """What the dashboard shows, from its counters."""
    scope = reports.scope_of(cohort, "en")
    summary, _counts = learners.summary_of(scope)
    page, *_rest = learners.learner_page(scope, learners.Listing())
    questions = {
        (q["quiz_id"], q["qid"]): (q["attempts"], q["right"])
        for q in analysis.item_analysis(scope, "en")
        if q["attempts"]
    }
    return {
        "rows": {r.user_id: (r.done, r.last_activity, r.certificate) for r in page},
        "enrolled": summary.enrolled,
        "completed": summary.completed,
        "average": round(summary.average_score, 6) if summary.average_score is not None else None,
        "modules": [m["complete"] for m in analysis.module_completion(scope)],
        "questions": questions,
    }


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=actions)
def test_counters_equal_the_recomputed_truth(app, runner, synced, steps):
    housing = f"{MODULE2}/01-housing.md"
    text = BASELINE[housing]
    french = housing.replace(".md", ".fr.md")

    def sync() -> None:
        result = runner.invoke(args=["content", "sync", str(synced.root)])
        assert result.exit_code == 0, result.output

    if not (synced.root / housing).exists():  # an earlier example archived it
        synced.write(housing, text)
        synced.write(french, BASELINE[french])
        sync()
    city = CityFactory(name=f"City {uuid.uuid4().hex[:8]}")
    cohort, trainer = make_cohort(city=city)
    other, _ = make_cohort(trainer=trainer, city=city, name="Second cohort")
    people = [None] * 4
    for step in steps:
        kind, *args = step
        if kind == "archive":
            if args[0] and (synced.root / housing).exists():
                synced.remove(housing)
                synced.remove(french)
            elif not args[0]:
                synced.write(housing, text)
                synced.write(french, BASELINE[french])
            sync()
            continue
        index = args[0]
        if people[index] is None:
            people[index] = add_learner(cohort)
        user = people[index]
        if kind == "join":  # a member of both cohorts, with what she did before
            from mooc.cohorts import services

            services.join(user, other.join_code)
        else:
            try:
                if kind == "lesson":
                    progress(user, [args[1]])
                elif kind == "housing" and (synced.root / housing).exists():
                    progress(user, ["housing"])
                elif kind == "quiz":
                    progress(user, (), [(WRONG, HALF, RIGHT)[args[1]]])
            except ServiceError:  # locked, or no attempt left: nothing written
                db.session.rollback()
    for each in (cohort, other):
        db.session.expire_all()
        assert counted(each) == truth_of(each)


def test_a_deleted_account_leaves_the_counters(app, synced):
    from mooc.exchange import privacy

    cohort, _trainer = make_cohort()
    ana = add_learner(cohort)
    bea = add_learner(cohort)
    progress(ana, ["intro"], [WRONG, RIGHT])
    progress(bea, ["intro", "charters"], [RIGHT])
    privacy.delete_account(bea, "remove", "DELETE")
    assert counted(cohort) == truth_of(cohort)
    assert db.session.scalar(select(CohortMember.done).where(CohortMember.user_id == ana.id)) == 2


def test_the_migrations_backfill_equals_the_counters(app, synced):
    """Migration `dash` fills the counters from existing rows with its own SQL: the same values."""
    import importlib.util
    from pathlib import Path

    from sqlalchemy import text

    from mooc.cohorts import demo

    path = Path(__file__).parents[2] / "migrations" / "versions" / "0018_dash.py"
    spec = importlib.util.spec_from_file_location("migration_dash", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with app.test_request_context():
        demo.seed(40, "demo", seed_value=5)
        demo.seed(30, "demo", seed_value=6)

    def rows(sql: str) -> list[tuple]:
        return sorted(tuple(row) for row in db.session.execute(text(sql)))

    queries = (
        "SELECT cohort_id, user_id, done, worked_at, round(CAST(score_sum AS NUMERIC), 3), scored"
        " FROM cohort_members",
        "SELECT * FROM cohort_module_progress",
        "SELECT * FROM cohort_question_counts WHERE attempts > 0",
    )
    kept = [rows(sql) for sql in queries]
    assert kept[0] and kept[1] and kept[2]
    db.session.execute(
        text("UPDATE cohort_members SET done=0, worked_at=NULL, score_sum=0, scored=0")
    )
    db.session.execute(text("DELETE FROM cohort_module_progress"))
    db.session.execute(text("DELETE FROM cohort_question_counts"))
    for statement in (
        migration.BACKFILL_MEMBERS,
        migration.BACKFILL_MODULES,
        migration.BACKFILL_QUESTIONS,
    ):
        db.session.execute(text(statement))
    assert [rows(sql) for sql in queries] == kept
    db.session.rollback()
