"""Exchange tables: answers to reflection prompts, posts, marks, reports, mutes, notifications."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mooc.accounts.models import User
from mooc.cities.models import MemberCity
from mooc.clock import utcnow
from mooc.courses.models import ReflectionPrompt
from mooc.extensions import db


class Answer(db.Model):
    """A learner's answer to a reflection prompt, kept by the prompt's row (course and id), so
    that moving, renumbering, retitling or archiving its lesson never loses it."""

    __tablename__ = "reflection_answers"
    __table_args__ = (UniqueConstraint("user_id", "prompt_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    prompt_id: Mapped[int] = mapped_column(ForeignKey("reflection_prompts.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown as written
    body_html: Mapped[str] = mapped_column(Text, default="")  # sanitised
    locale: Mapped[str] = mapped_column(String(10), default="en")  # the language she wrote in
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    shared_cohort: Mapped[bool] = mapped_column(default=False)
    shared_cities: Mapped[bool] = mapped_column(default=False, index=True)
    case_study: Mapped[bool] = mapped_column(default=False)  # may be published (Observatory)
    case_study_named: Mapped[bool] = mapped_column(default=False)  # with her name
    hidden_at: Mapped[datetime | None] = mapped_column(default=None)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    # The author's city when she last saved (hers, else her cohort's), shown beside her name.
    city_id: Mapped[int | None] = mapped_column(ForeignKey("member_cities.id"), default=None)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    prompt: Mapped[ReflectionPrompt] = relationship()
    city: Mapped[MemberCity | None] = relationship()

    @property
    def shared(self) -> bool:
        """Shared with her cohort or with other cities."""
        return self.shared_cohort or self.shared_cities

    def __repr__(self) -> str:
        return f"<Answer {self.id} prompt={self.prompt_id} user={self.user_id}>"


class Discussion(db.Model):
    """A trainer's discussion for one module in one cohort (optionally on a reflection)."""

    __tablename__ = "discussions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    prompt_id: Mapped[int | None] = mapped_column(ForeignKey("reflection_prompts.id"), default=None)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Discussion {self.id} cohort={self.cohort_id}>"


class Post(db.Model):
    """A reply to a shared answer, or a post of a discussion (a thread, or a reply to one).

    `cohort_id` is the space it belongs to: a cohort, or None for the across-cities space."""

    __tablename__ = "exchange_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"), default=None)
    answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("reflection_answers.id"), default=None, index=True
    )
    discussion_id: Mapped[int | None] = mapped_column(
        ForeignKey("discussions.id"), default=None, index=True
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("exchange_posts.id"), default=None)
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    locale: Mapped[str] = mapped_column(String(10), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    edited_at: Mapped[datetime | None] = mapped_column(default=None)
    pinned: Mapped[bool] = mapped_column(default=False)
    endorsed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    hidden_at: Mapped[datetime | None] = mapped_column(default=None)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    city_id: Mapped[int | None] = mapped_column(ForeignKey("member_cities.id"), default=None)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    city: Mapped[MemberCity | None] = relationship()

    def __repr__(self) -> str:
        return f"<Post {self.id}>"


class UsefulMark(db.Model):
    """A learner found a shared answer useful (once per answer)."""

    __tablename__ = "useful_marks"
    __table_args__ = (UniqueConstraint("answer_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("reflection_answers.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<UsefulMark answer={self.answer_id} user={self.user_id}>"


class Report(db.Model):
    """A learner reported an answer or a post, with a reason; trainers (admins for the
    across-cities space) resolve it by hiding or keeping what it names."""

    __tablename__ = "exchange_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"), default=None)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("reflection_answers.id"), default=None)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("exchange_posts.id"), default=None)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)

    def __repr__(self) -> str:
        return f"<Report {self.id}>"


class Mute(db.Model):
    """A learner a trainer muted in a cohort: she reads, but cannot post or share there."""

    __tablename__ = "exchange_mutes"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Mute cohort={self.cohort_id} user={self.user_id}>"


class OpenPrompt(db.Model):
    """A trainer opened a prompt's shared answers to all of her cohort (not only those who
    shared their own)."""

    __tablename__ = "exchange_open_prompts"
    __table_args__ = (UniqueConstraint("cohort_id", "prompt_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"))
    prompt_id: Mapped[int] = mapped_column(ForeignKey("reflection_prompts.id"))

    def __repr__(self) -> str:
        return f"<OpenPrompt cohort={self.cohort_id} prompt={self.prompt_id}>"


NOTIFICATION_KINDS = ("reply", "post", "report")


class Notification(db.Model):
    """Something for a user to know: a reply to her post, a new post in her cohort's
    discussions, a report (trainers). `cities`: from the across-cities space."""

    __tablename__ = "exchange_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str] = mapped_column(String(500), default="")  # a path inside the app
    excerpt: Mapped[str] = mapped_column(String(300), default="")
    cities: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(default=None)
    digested_at: Mapped[datetime | None] = mapped_column(default=None)

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind}>"


DIGESTS = ("off", "daily", "weekly")


class ExchangeSettings(db.Model):
    """A learner's exchange preferences: the digest, and whether it includes other cities."""

    __tablename__ = "exchange_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    digest: Mapped[str] = mapped_column(String(10), default="off")
    digest_cities: Mapped[bool] = mapped_column(default=False)
    last_digest_at: Mapped[datetime | None] = mapped_column(default=None)

    def __repr__(self) -> str:
        return f"<ExchangeSettings {self.user_id} {self.digest}>"
