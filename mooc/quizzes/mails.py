"""Mail of the quiz feature, queued through the job queue when the operation commits: a learner
is told that she was given more attempts at a quiz."""

from __future__ import annotations

from mooc import mail
from mooc.accounts.models import User
from mooc.courses.models import Lesson
from mooc.courses.outlines import title_of
from mooc.extensions import db
from mooc.quizzes.models import AttemptGrant
from mooc.urls import external_url


def attempts_granted(grant: AttemptGrant, lesson: Lesson) -> None:
    """Tell the learner how many more attempts she has and where the quiz is (once per grant;
    the reason stays in the record, for trainers and admins)."""
    learner = db.session.get(User, grant.user_id)
    if learner is None:
        return
    locale = learner.language or lesson.course.language
    mail.send(
        learner.email,
        "quizzes/granted",
        {
            "name": learner.display_name,
            "title": title_of(lesson, locale),
            "extra": grant.extra,
            "url": external_url("quizzes.quiz", slug=lesson.course.slug, item=lesson.slug),
        },
        locale=locale,
        category="reminders",
        key=f"attempt-grant:{grant.id}",
        reference=f"attempt-grant:{grant.id}",
    )
