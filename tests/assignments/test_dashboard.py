"""The cohort dashboard's assignment section: counts from one aggregate query that agree with the
full listing of the cohort's submissions, in as many queries for two submissions as for many."""

from __future__ import annotations

import re

from sqlalchemy import select

from mooc.assignments import services
from mooc.assignments.dashboard import summaries
from mooc.assignments.models import Submission
from mooc.extensions import db
from tests.assignments.helpers import LEVELS, TEXT, assignment_course
from tests.cohorts.helpers import add_learner, make_cohort

ROW = re.compile(r'<tr><th scope="row">My city&#39;s first agenda</th>((?:<td>\d+</td>){5})</tr>')


def counts_shown(page: str) -> list[int]:
    """Handed in, reviewed, passed, waiting, flagged: the section's row."""
    section = page[page.index('id="assignments-heading"') :]
    return [int(n) for n in re.findall(r"\d+", ROW.search(section).group(1))]


def test_the_counts_agree_with_every_submission_of_the_cohort(client, auth, tree):
    lesson = assignment_course(tree, reviews=1)
    cohort, trainer = make_cohort()
    members = [add_learner(cohort, display_name=f"Learner {n}") for n in range(5)]
    for user in members[:4]:
        services.save(user.id, lesson, TEXT, True)
    services.save(members[4].id, lesson, TEXT, False)  # a draft is not handed in
    fair = services.request_reviews(members[0].id, lesson)[0]
    services.save_review(fair, LEVELS, {}, send=True)
    unfair = services.request_reviews(members[1].id, lesson)[0]
    services.save_review(unfair, {"rights": 0, "actions": 0}, {}, send=True)
    author = db.session.scalar(
        select(Submission.user_id).where(Submission.id == unfair.submission_id)
    )
    services.flag(author, lesson, unfair.id, "They did not read it.")
    auth.login(trainer)
    shown = counts_shown(client.get(f"/cohorts/{cohort.id}").get_data(as_text=True))
    (full,) = summaries(cohort, "en")
    assert shown == [full.submitted, full.reviewed, full.passed, full.waiting, full.flagged]
    assert shown == [4, 2, 1, 2, 1]


def test_the_section_takes_as_many_queries_for_many_submissions(client, auth, tree, count_queries):
    lesson = assignment_course(tree, reviews=1)
    cohort, trainer = make_cohort()
    members = [add_learner(cohort, display_name=f"Learner {n}") for n in range(8)]
    auth.login(trainer)

    def dashboard_queries() -> int:
        client.get(f"/cohorts/{cohort.id}")  # this worker's outlines and question texts
        with count_queries() as counter:
            assert client.get(f"/cohorts/{cohort.id}").status_code == 200
        # counted by the database: no submission or review is loaded (their texts least of all)
        assert not [s for s in counter.statements if "submissions.body" in s or "reviews.id" in s]
        return len(counter.statements)

    for user in members[:2]:
        services.save(user.id, lesson, TEXT, True)
    few = dashboard_queries()
    for user in members[2:]:
        services.save(user.id, lesson, TEXT, True)
    for user in members:
        for review in services.request_reviews(user.id, lesson):
            services.save_review(review, LEVELS, {}, send=True)
    assert counts_shown(client.get(f"/cohorts/{cohort.id}").get_data(as_text=True))[:2] == [8, 8]
    assert dashboard_queries() == few
