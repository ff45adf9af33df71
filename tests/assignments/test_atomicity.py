"""Each assignment operation is one transaction: a failure at its last step leaves every table
as it was (the work not handed in, no review given out, no grade), and success commits once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mooc import signals
from mooc.assignments import mails, services
from mooc.assignments.models import Review, Submission
from mooc.extensions import db
from tests.assignments.helpers import LEVELS, TEXT, assignment_course, learners
from tests.test_atomicity import Injected, failing_at, one_commit, unchanged


def test_handing_in_is_one_transaction(app, tree, queued, monkeypatch):
    lesson = assignment_course(tree, reviews=1)
    ana, bea = learners(2)
    services.save(ana.id, lesson, TEXT, True)
    db.session.commit()

    def fail(*_args, **_kwargs):  # the last step: telling reviewers that work waits
        raise Injected

    monkeypatch.setattr(mails, "reviews_due", fail)
    with unchanged(), pytest.raises(Injected):
        services.save(bea.id, lesson, TEXT, True)
    monkeypatch.undo()
    with one_commit():
        services.save(bea.id, lesson, TEXT, True)
    assert len(db.session.scalars(select(Review)).all()) == 2


def test_a_review_that_grades_is_one_transaction(app, tree, queued):
    lesson = assignment_course(tree, reviews=1)
    ana, bea = learners(2)
    for user in (ana, bea):
        services.save(user.id, lesson, TEXT, True)
    db.session.commit()
    review = db.session.scalar(select(Review).where(Review.reviewer_id == bea.id))
    with unchanged(), failing_at(signals.assignment_graded), pytest.raises(Injected):
        services.save_review(review, LEVELS, {"rights": "Good."}, send=True)
    with one_commit():
        services.save_review(review, LEVELS, {"rights": "Good."}, send=True)
    work = db.session.scalar(select(Submission).where(Submission.user_id == ana.id))
    assert (work.status, work.passed) == ("graded", True)
