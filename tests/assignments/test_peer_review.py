"""Submitting, peer review, expiry, scoring, flags, the trainer's review, completion and the
certificate, and the sync refusing a rubric's new points once reviews are done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mooc import signals
from mooc.assignments import services
from mooc.assignments.errors import AssignmentError
from mooc.assignments.models import Review, Submission
from mooc.assignments.scoring import grade
from mooc.clock import utcnow
from mooc.courses.content.sync import sync_tree
from mooc.courses.models import Enrolment
from mooc.extensions import db
from tests.assignments.helpers import LEVELS, TEXT, assignment_course, learners, plan
from tests.trees import PLAN

PLAN_FR = PLAN.replace(".md", ".fr.md")


def hand_in_all(lesson, users):
    return [services.save(u.id, lesson, f"{TEXT} ({u.display_name})", True) for u in users]


def given(user_id: int) -> list[Review]:
    return list(
        db.session.scalars(
            select(Review).where(Review.reviewer_id == user_id, Review.kind == "peer")
        )
    )


def test_scoring_is_the_median_per_criterion_or_the_trainer():
    criteria = [("a", [0, 1, 2]), ("b", [0, 2, 4])]
    result = grade(criteria, [{"a": 0, "b": 4}, {"a": 2, "b": 2}, {"a": 2, "b": 4}], None, 60)
    assert (result.levels, result.points, result.max_points, result.passed) == (
        {"a": 2.0, "b": 4.0},
        6.0,
        6,
        True,
    )
    two = grade(criteria, [{"a": 0, "b": 0}, {"a": 1, "b": 2}], None, 60)
    assert (two.points, two.passed) == (1.5, False)  # the mean of the two middle levels
    trainer = grade(criteria, [{"a": 0, "b": 0}], {"a": 2, "b": 2}, 60)
    assert (trainer.points, trainer.passed) == (4.0, True)


def test_drafts_word_count_and_max_words(app, tree):
    lesson = assignment_course(tree)
    (ana,) = learners(1)
    draft = services.save(ana.id, lesson, "One **two** three <script>x</script>")
    assert (draft.status, draft.words) == ("draft", 6)  # the escaped tag is text
    assert "<script>" not in draft.body_html and "<strong>two</strong>" in draft.body_html
    with pytest.raises(AssignmentError) as refused:
        services.save(ana.id, lesson, "word " * 801, True)
    assert refused.value.code == "too_long" and "801 words" in refused.value.message
    with pytest.raises(AssignmentError, match="^empty$"):
        services.save(ana.id, lesson, "  ", True)
    done = services.save(ana.id, lesson, TEXT, True)
    assert done.status == "submitted" and done.submitted_at is not None
    with pytest.raises(AssignmentError, match="already_submitted"):
        services.save(ana.id, lesson, "changed")


def test_each_submission_gets_its_reviews_from_other_cities_first(app, tree):
    lesson = assignment_course(tree)
    users = learners(4)  # cities alternate: 0 and 2 in one, 1 and 3 in the other
    sent = []
    with signals.assignment_submitted.connected_to(lambda _a, **kw: sent.append(kw)):
        works = hand_in_all(lesson, users)
    assert [kw["submission"].id for kw in sent] == [w.id for w in works]
    counts = dict(
        db.session.execute(
            select(Review.submission_id, func.count()).group_by(Review.submission_id)
        ).all()
    )
    assert counts == {w.id: 2 for w in works}
    for user in users:
        mine = given(user.id)
        assert user.id not in {r.submission.user_id for r in mine}
        assert len({r.submission_id for r in mine}) == len(mine)
    slots = db.session.execute(select(Review.submission_id, Review.slot)).all()
    assert len(slots) == len(set(slots))
    # Work comes as it is handed in: a same-city review only when no other city's work had room
    # (the third learner's work, before the fourth came); the last learner's work is reviewed
    # by the other city, and she has nothing left to review (every work has its reviews).
    same = [
        (u.display_name, r.submission.user_id)
        for u in users
        for r in given(u.id)
        if r.submission.city_id == u.city_id
    ]
    assert len(same) == 2
    last = [
        r.reviewer_id for r in db.session.scalars(select(Review)) if r.submission_id == works[3].id
    ]
    assert {db.session.get(type(users[0]), u).city_id for u in last} == {users[0].city_id}
    assert given(users[3].id) == []


def test_withdraw_until_a_review_starts(app, tree):
    lesson = assignment_course(tree)
    ana, bea, cleo = learners(3)
    hand_in_all(lesson, [ana, bea, cleo])
    withdrawn = services.withdraw(ana.id, lesson)
    assert withdrawn.status == "draft"
    assert (
        db.session.scalar(
            select(func.count()).select_from(Review).where(Review.submission_id == withdrawn.id)
        )
        == 0
    )
    services.save(ana.id, lesson, TEXT + " Again.", True)
    review = db.session.scalar(
        select(Review).where(Review.submission_id == withdrawn.id).order_by(Review.id)
    )
    services.save_review(review, {"rights": 1}, {"rights": "A start."})
    with pytest.raises(AssignmentError, match="review_started"):
        services.withdraw(ana.id, lesson)


def test_reviews_grade_the_work_and_complete_the_course(app, client, auth, tree, mailer):
    lesson = assignment_course(tree)
    users = learners(3)
    works = hand_in_all(lesson, users)
    graded = []
    with signals.assignment_graded.connected_to(lambda _a, **kw: graded.append(kw)):
        for user in users:
            for review in given(user.id):
                with pytest.raises(AssignmentError, match="incomplete_review"):
                    services.save_review(review, {"rights": 2}, {}, send=True)
                services.save_review(review, LEVELS, {"rights": "Clear *reasons*."}, send=True)
    assert {kw["submission"].id for kw in graded} == {w.id for w in works}
    for work in works:
        db.session.refresh(work)
        assert (work.status, work.points, work.max_points, work.passed) == ("graded", 6, 6, True)
    auth.login(users[0])
    page = client.get("/courses/demo/assignments/plan").get_data(as_text=True)
    assert "6 of 6 points" in page and "Review 1 by a peer" in page
    assert "Learner 1" not in page and "Learner 2" not in page  # anonymous reviews
    assert "<em>reasons</em>" in page
    assert any("Your work is graded" in m["Subject"] for m in mailer.messages)
    assert any("Work to review" in m["Subject"] for m in mailer.messages)


def test_completion_and_the_certificate_wait_for_a_pass(app, client, auth, tree):
    certificate = "certificate: {min_average: 70, require_all_lessons: true}"
    lesson = assignment_course(
        tree, **{certificate: certificate.replace("true}", "true, require_assignments: true}")}
    )
    users = learners(3)
    auth.login(users[0])
    for name in ("intro", "charters", "reflect", "housing"):
        assert client.post(f"/courses/demo/lessons/{name}/done").status_code == 302
    right = {"q-adopted-by": "1", "q-charters": ["0", "1"], "q-forum-city": "Gwangju"}
    client.post("/courses/demo/quizzes/check/attempts", data=right)
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == users[0].id))
    assert enrolment.completed_at is None
    assert "pass the assignment" in client.get("/courses/demo/").get_data(as_text=True)
    hand_in_all(lesson, users)
    for user in users[1:]:
        for review in given(user.id):
            if review.submission.user_id == users[0].id:
                services.save_review(review, LEVELS, {}, send=True)
    db.session.refresh(enrolment)
    assert enrolment.completed_at is not None
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert "pass the assignment" not in page and "You meet every requirement" in page


def test_an_overdue_review_goes_to_someone_else(app, tree):
    lesson = assignment_course(tree, reviews=1)
    ana, bea, cleo = learners(3)
    hand_in_all(lesson, [ana, bea])  # ana reviews bea's work, and bea ana's
    late = given(ana.id)[0]
    late.due_at = utcnow() - timedelta(days=1)
    db.session.commit()
    services.save(cleo.id, lesson, TEXT, True)
    db.session.refresh(late)
    assert (late.status, late.slot) == ("expired", None)
    with pytest.raises(AssignmentError, match="review_closed"):
        services.save_review(late, LEVELS, {}, send=True)
    again = db.session.scalars(
        select(Review).where(
            Review.submission_id == late.submission_id, Review.status == "assigned"
        )
    ).all()
    assert [r.reviewer_id for r in again] == [cleo.id]


def test_a_flag_upheld_sets_a_review_aside_and_a_trainer_review_decides(app, tree):
    lesson = assignment_course(tree, reviews=1)
    ana, bea = learners(2)
    work, _other = hand_in_all(lesson, [ana, bea])
    unfair = given(bea.id)[0]
    services.save_review(unfair, {"rights": 0, "actions": 0}, {}, send=True)
    db.session.refresh(work)
    assert (work.status, work.passed) == ("graded", False)
    with pytest.raises(AssignmentError):
        services.flag(bea.id, lesson, unfair.id, "not mine to flag")
    services.flag(ana.id, lesson, unfair.id, "They did not read it.")
    services.decide(unfair, uphold=True)
    db.session.refresh(work)
    assert work.status == "submitted" and work.passed is None
    trainer = learners(1)[0]
    services.trainer_review(trainer.id, work, {"rights": 1, "actions": 2}, {"actions": "Dates?"})
    db.session.refresh(work)
    assert (work.status, work.points, work.passed) == ("graded", 3, True)
    services.trainer_review(trainer.id, work, {"rights": 0, "actions": 2}, {})
    db.session.refresh(work)
    assert (work.points, work.passed) == (2, False)  # her latest review decides


def test_rewording_keeps_reviews_and_new_points_are_refused(app, runner, tree):
    lesson = assignment_course(tree, reviews=1)
    ana, bea = learners(2)
    hand_in_all(lesson, [ana, bea])
    services.save_review(given(bea.id)[0], LEVELS, {}, send=True)
    tree.replace(PLAN, "Partly: rights without reasons.", "Partly: rights, no reasons.")
    assert sync_tree(str(tree.root)).written
    assert db.session.scalar(select(func.count()).select_from(Review)) == 2
    tree.replace(PLAN, "- 4 Every", "- 5 Every")
    tree.replace(PLAN_FR, "- 4 Chaque", "- 5 Chaque")
    result = runner.invoke(args=["content", "sync", str(tree.root)])
    assert result.exit_code == 1
    assert f"{PLAN}:1: error:" in result.output
    assert "1 reviews of it are done" in result.output and "new assignment" in result.output
    db.session.expire_all()
    assert plan().id == lesson.id
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 2


def test_a_passed_assignment_opens_the_next_module_of_a_sequential_course(client, auth, tree):
    from tests.trees import second_edition

    second_edition(tree)  # sequential: the assignment is in the first module
    tree.replace(PLAN, "reviews: 3", "reviews: 1")
    assert sync_tree(str(tree.root)).written
    ana, bea = learners(2)
    auth.login(ana)
    for lesson in ("intro", "reflect"):
        client.post(f"/courses/demo/lessons/{lesson}/done")
    right = {"q-adopted-by": "1", "q-charters": ["0", "1"], "q-forum-city": "Gwangju"}
    client.post("/courses/demo/quizzes/check/attempts", data=right)
    assert client.get("/courses/demo/lessons/housing").status_code == 403
    work, _other = hand_in_all(plan(), [ana, bea])
    services.save_review(given(bea.id)[0], LEVELS, {}, send=True)
    assert client.get("/courses/demo/lessons/housing").status_code == 200


def test_the_daily_command_expires_overdue_reviews(app, runner, tree):
    lesson = assignment_course(tree, reviews=1)
    ana, bea, cleo = learners(3)
    hand_in_all(lesson, [ana, bea, cleo])
    late = given(ana.id)[0]
    late.due_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    result = runner.invoke(args=["assignments", "expire"])
    assert result.exit_code == 0 and "1 reviews expired" in result.output
    db.session.refresh(late)
    assert late.status == "expired"
    waiting = db.session.scalars(
        select(Review).where(
            Review.submission_id == late.submission_id, Review.status == "assigned"
        )
    ).all()
    assert len(waiting) == 1 and waiting[0].reviewer_id != ana.id
