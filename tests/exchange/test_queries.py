"""Query counts flat in the number of answers: a prompt with 500 shared answers, the workbook."""

from __future__ import annotations

from mooc.accounts.models import User
from mooc.cohorts.models import CohortMember
from mooc.exchange.models import Answer, Post, UsefulMark
from mooc.extensions import db
from tests.exchange.helpers import answer, course, prompt, sync_second_edition, two_cohorts

PASSWORD_HASH_FOR_BULK = "!"  # bulk learners never sign in

PROMPT = "/courses/demo/reflections/first-step"


def shared_by(cohort, count: int, start: int) -> None:
    """`count` members of the cohort, each with a shared answer, a reply and a mark."""
    users = [
        User(
            email=f"bulk{start + n}@example.org",
            password_hash=PASSWORD_HASH_FOR_BULK,
            display_name=f"Bulk {start + n}",
            certificate_name="x",
        )
        for n in range(count)
    ]
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(CohortMember(cohort_id=cohort.id, user_id=u.id) for u in users)
    answers = [
        Answer(
            user_id=u.id,
            prompt_id=prompt().id,
            course_id=course().id,
            body="b",
            body_html="<p>b</p>",
            shared_cohort=True,
            shared_cities=True,
            city_id=cohort.city_id,
        )
        for u in users
    ]
    db.session.add_all(answers)
    db.session.flush()
    db.session.add_all(
        Post(author_id=users[0].id, cohort_id=cohort.id, answer_id=a.id, body="r", body_html="r")
        for a in answers
    )
    db.session.add_all(UsefulMark(answer_id=a.id, user_id=users[0].id) for a in answers)
    db.session.commit()


def test_a_prompt_with_500_shared_answers_costs_what_one_with_5_does(
    client, auth, runner, tree, count_queries
):
    sync_second_edition(runner, tree)
    world = two_cohorts()
    answer(world["bea"], "mine", share_cohort=True, share_cities=True)
    auth.login(world["bea"])
    client.get(PROMPT)  # the session's caches are warm

    def measure(url=PROMPT) -> int:
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        return counter.count

    shared_by(world["a"], 5, 0)
    shared_by(world["b"], 5, 5)
    small, small_api = measure(), measure("/api/v1" + PROMPT)
    shared_by(world["a"], 495, 10)
    shared_by(world["b"], 495, 600)
    big, big_api = measure(), measure("/api/v1" + PROMPT)
    assert big == small and big_api == small_api
    page = client.get(PROMPT).get_data(as_text=True)
    assert page.count('class="shared-answer') == 40  # 20 per section, then "More answers"
    assert "More answers" in page


def test_the_workbook_costs_the_same_whatever_she_wrote(client, auth, runner, tree, count_queries):
    sync_second_edition(runner, tree)
    world = two_cohorts()
    auth.login(world["ana"])
    client.get("/courses/demo/workbook")

    def measure() -> int:
        with count_queries() as counter:
            assert client.get("/courses/demo/workbook").status_code == 200
        return counter.count

    empty = measure()
    for slug in ("first-step", "second-step", "module-hope"):
        answer(world["ana"], f"About {slug}", slug=slug, share_cohort=True)
    assert measure() == empty
    pdf = client.get("/courses/demo/workbook.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
