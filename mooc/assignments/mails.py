"""Mail of the assignment feature, queued through the job queue when the operation commits:
work to review (with its due date), and a grade that is ready."""

from __future__ import annotations

from mooc import mail
from mooc.accounts.models import User
from mooc.assignments.models import Review, Submission
from mooc.courses.models import Lesson
from mooc.courses.outlines import title_of
from mooc.extensions import db
from mooc.urls import external_url


def reviews_due(review: Review, lesson: Lesson) -> None:
    """Tell a reviewer that work waits for her review, and until when."""
    reviewer = db.session.get(User, review.reviewer_id)
    if reviewer is None:
        return
    locale = reviewer.language or lesson.course.language
    mail.send(
        reviewer.email,
        "assignments/review_due",
        {
            "name": reviewer.display_name,
            "title": title_of(lesson, locale),
            "due": review.due_at.strftime("%Y-%m-%d") if review.due_at else "",
            "url": external_url(
                "assignments.review", slug=lesson.course.slug, item=lesson.slug, review_id=review.id
            ),
        },
        locale=locale,
        category="reminders",
        key=f"review-due:{review.id}",
        reference=f"review:{review.id}",
    )


def grade_ready(submission: Submission) -> None:
    """Tell the author that her work is graded (once per grade)."""
    author = db.session.get(User, submission.user_id)
    lesson = submission.lesson
    if author is None:
        return
    locale = author.language or lesson.course.language
    mail.send(
        author.email,
        "assignments/graded",
        {
            "name": author.display_name,
            "title": title_of(lesson, locale),
            "passed": bool(submission.passed),
            "url": external_url(
                "assignments.assignment", slug=lesson.course.slug, item=lesson.slug
            ),
        },
        locale=locale,
        key=f"graded:{submission.id}:{submission.points}:{submission.passed}",
        reference=f"submission:{submission.id}",
    )
