"""What a URL names, for the user who asks: the object, or None (a 404, as if it did not exist)."""

from __future__ import annotations

from mooc.cohorts.access import cohort_for, trains
from mooc.exchange import queries
from mooc.exchange.models import Answer, Discussion, Post, Report
from mooc.extensions import db


def answer_for(user, answer_id: int) -> tuple[Answer, int | None] | None:
    """A shared answer the user may see, with the space she sees it in (cohort id or None)."""
    answer = db.session.get(Answer, answer_id)
    if answer is None or not user.is_authenticated:
        return None
    if answer.user_id != user.id and not answer.shared:
        return None
    space = queries.answer_space(user, answer)
    return None if space is False else (answer, space)


def moderates(user, space: int | None) -> bool:
    """Trainers of the cohort moderate its space; admins moderate across cities (and all)."""
    if user.role == "admin":
        return True
    return space is not None and user.has_role("trainer") and trains(user, space)


def discussion_for(user, discussion_id: int) -> tuple[Discussion, bool] | None:
    """A discussion for its cohort's members and trainers, with whether she moderates it."""
    discussion = db.session.get(Discussion, discussion_id)
    if discussion is None or not user.is_authenticated:
        return None
    if moderates(user, discussion.cohort_id):
        return discussion, True
    if queries.in_cohort(user.id, discussion.cohort_id):
        return discussion, False
    return None


def post_for(user, post_id: int) -> tuple[Post, bool] | None:
    """A post the user may see, with whether she moderates its space."""
    post = db.session.get(Post, post_id)
    if post is None or not user.is_authenticated:
        return None
    if post.discussion_id is not None:
        found = discussion_for(user, post.discussion_id)
        if found is None or (post.hidden_at and not found[1] and post.author_id != user.id):
            return None
        return post, found[1]
    found_answer = answer_for(user, post.answer_id) if post.answer_id else None
    if found_answer is None or found_answer[1] != post.cohort_id:
        if moderates(user, post.cohort_id):
            return post, True
        return None
    return post, moderates(user, post.cohort_id)


def report_for(user, report_id: int) -> Report | None:
    """A report, for those who moderate its space."""
    row = db.session.get(Report, report_id)
    if row is None or not user.is_authenticated or not moderates(user, row.cohort_id):
        return None
    return row


def cohort_of_trainer(user, cohort_id: int):
    """The cohort for its trainers and admins."""
    return cohort_for(user, cohort_id)
