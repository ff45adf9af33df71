"""Exchange reads: who may see what, answers per prompt (paginated), the workbook, discussions."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import bindparam, func, or_, select

from mooc.accounts.models import User
from mooc.cities.models import MemberCity
from mooc.cohorts.access import member_ids, trains
from mooc.cohorts.models import Cohort, CohortMember
from mooc.courses.models import Course, PathCourse, ReflectionPrompt
from mooc.courses.outlines import visible
from mooc.courses.progress import enrolment
from mooc.exchange.models import (
    Answer,
    Discussion,
    Mute,
    Notification,
    OpenPrompt,
    Post,
    Report,
    UsefulMark,
)
from mooc.extensions import db

PAGE = 20


def course_of(slug: str) -> Course | None:
    """A course learners may see, by its slug."""
    return db.session.scalar(select(Course).where(Course.slug == slug, *visible()))


def prompt_of(course: Course, slug: str) -> ReflectionPrompt | None:
    """A live prompt of the course, by its id in the content."""
    return db.session.scalar(
        select(ReflectionPrompt).where(
            ReflectionPrompt.course_id == course.id,
            ReflectionPrompt.slug == slug,
            ReflectionPrompt.archived_at.is_(None),
        )
    )


def is_enrolled(user_id: int, course_id: int) -> bool:
    """True when the learner is enrolled in the course."""
    return enrolment(user_id, course_id) is not None


def cohort_of(user_id: int, course_id: int) -> Cohort | None:
    """The learner's cohort on this course (directly or through a path; the latest joined)."""
    paths = select(PathCourse.path_id).where(PathCourse.course_id == course_id)
    return db.session.scalar(
        select(Cohort)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(
            CohortMember.user_id == user_id,
            or_(Cohort.course_id == course_id, Cohort.path_id.in_(paths)),
        )
        .order_by(CohortMember.joined_at.desc(), Cohort.id.desc())
        .limit(1)
    )


def in_cohort(user_id: int, cohort_id: int) -> bool:
    """True when the learner is a member of the cohort."""
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(CohortMember)
            .where(CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id)
        )
    )


def is_muted(user_id: int, cohort_id: int | None) -> bool:
    """True when a trainer muted the learner in the cohort."""
    if cohort_id is None:
        return False
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(Mute)
            .where(Mute.cohort_id == cohort_id, Mute.user_id == user_id)
        )
    )


@cache
def answers_statement():
    """`answers_of`'s query, built once (every lesson page with prompts runs it)."""
    return select(Answer).where(
        Answer.user_id == bindparam("user_id"),
        Answer.prompt_id.in_(bindparam("ids", expanding=True)),
    )


def answers_of(user_id: int, prompt_ids: list[int]) -> dict[int, Answer]:
    """The learner's answers to these prompts, by prompt id (one query)."""
    if not prompt_ids:
        return {}
    rows = db.session.scalars(answers_statement(), {"user_id": user_id, "ids": prompt_ids})
    return {answer.prompt_id: answer for answer in rows}


def answer_of(user_id: int, prompt_id: int) -> Answer | None:
    """The learner's answer to one prompt."""
    return answers_of(user_id, [prompt_id]).get(prompt_id)


def is_open(cohort_id: int, prompt_id: int) -> bool:
    """True when a trainer opened the prompt's shared answers to all of the cohort."""
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(OpenPrompt)
            .where(OpenPrompt.cohort_id == cohort_id, OpenPrompt.prompt_id == prompt_id)
        )
    )


def open_prompts(cohort_id: int) -> set[int]:
    """The prompts a trainer opened to all of the cohort (their ids)."""
    return set(
        db.session.scalars(select(OpenPrompt.prompt_id).where(OpenPrompt.cohort_id == cohort_id))
    )


@dataclass
class Entry:
    """A shared answer or a post as a list shows it: author, city, replies, marks."""

    item: Any
    author: str
    city: MemberCity | None
    replies: list[Entry] = field(default_factory=list)
    useful: int = 0
    marked: bool = False

    @property
    def id(self) -> int:
        return self.item.id


@dataclass
class Page:
    """One page of entries and whether another follows."""

    entries: list[Entry]
    number: int
    more: bool


def page_of(query, number: int, size: int = PAGE) -> tuple[list, bool]:
    """Rows of one page (one query: a row more than the page says whether another follows)."""
    number = max(number, 1)
    rows = db.session.execute(query.limit(size + 1).offset((number - 1) * size)).all()
    return rows[:size], len(rows) > size


def _answers_query(prompt: ReflectionPrompt, moderator: bool):
    query = (
        select(Answer, User.display_name, MemberCity)
        .outerjoin(User, User.id == Answer.user_id)
        .outerjoin(MemberCity, MemberCity.id == Answer.city_id)
        .where(Answer.prompt_id == prompt.id)
        .order_by(Answer.updated_at.desc(), Answer.id.desc())
    )
    return query if moderator else query.where(Answer.hidden_at.is_(None))


def cohort_answers(
    prompt: ReflectionPrompt, cohort_id: int, viewer_id: int, number: int = 1, moderator=False
) -> Page:
    """The answers members of the cohort shared with it (hers too), newest first."""
    query = _answers_query(prompt, moderator).where(
        Answer.shared_cohort.is_(True), Answer.user_id.in_(member_ids(cohort_id))
    )
    rows, more = page_of(query, number)
    return Page(decorate(rows, viewer_id, cohort_id), number, more)


def city_answers(
    prompt: ReflectionPrompt,
    viewer_id: int,
    region: str | None = None,
    number: int = 1,
    exclude_city: int | None = None,
    moderator=False,
) -> Page:
    """Answers shared with every city of the course, from other cities than the viewer's."""
    query = _answers_query(prompt, moderator).where(
        Answer.shared_cities.is_(True), Answer.user_id != viewer_id
    )
    if exclude_city is not None:
        query = query.where(or_(Answer.city_id.is_(None), Answer.city_id != exclude_city))
    if region:
        query = query.where(MemberCity.region == region)
    rows, more = page_of(query, number)
    return Page(decorate(rows, viewer_id, None), number, more)


def decorate(rows, viewer_id: int, cohort_id: int | None) -> list[Entry]:
    """Entries with their replies in the space, useful counts and the viewer's marks (three
    queries whatever the number of answers)."""
    entries = [Entry(answer, name or "", city) for answer, name, city in rows]
    ids = [entry.id for entry in entries]
    if not ids:
        return entries
    by_id = {entry.id: entry for entry in entries}
    space = Post.cohort_id.is_(None) if cohort_id is None else Post.cohort_id == cohort_id
    replies = db.session.execute(
        select(Post, User.display_name, MemberCity)
        .outerjoin(User, User.id == Post.author_id)
        .outerjoin(MemberCity, MemberCity.id == Post.city_id)
        .where(Post.answer_id.in_(ids), space)
        .order_by(Post.created_at, Post.id)
    )
    for post, name, city in replies:
        by_id[post.answer_id].replies.append(Entry(post, name or "", city))
    counts = db.session.execute(
        select(UsefulMark.answer_id, func.count())
        .where(UsefulMark.answer_id.in_(ids))
        .group_by(UsefulMark.answer_id)
    )
    for answer_id, count in counts:
        by_id[answer_id].useful = count
    for answer_id in db.session.scalars(
        select(UsefulMark.answer_id).where(
            UsefulMark.answer_id.in_(ids), UsefulMark.user_id == viewer_id
        )
    ):
        by_id[answer_id].marked = True
    return entries


def answer_space(user, answer: Answer) -> int | None | bool:
    """Where `user` may see a shared answer: her cohort's id, None for the across-cities space,
    False when she may not see it at all (as for an answer that does not exist)."""
    if answer.user_id == user.id:
        cohort = cohort_of(user.id, answer.course_id)
        return cohort.id if cohort and answer.shared_cohort else None
    hidden = answer.hidden_at is not None and user.role != "admin"
    if answer.shared_cohort:
        author_cohort = cohort_of(answer.user_id, answer.course_id)
        if author_cohort is not None:
            if user.has_role("trainer") and trains(user, author_cohort.id):
                return author_cohort.id
            mine = cohort_of(user.id, answer.course_id)
            if not hidden and mine is not None and mine.id == author_cohort.id:
                own = answer_of(user.id, answer.prompt_id)
                if (own and own.shared) or is_open(mine.id, answer.prompt_id):
                    return mine.id
    if answer.shared_cities and not hidden:
        if user.role == "admin":
            return None
        own = answer_of(user.id, answer.prompt_id)
        if own is not None and own.shared and is_enrolled(user.id, answer.course_id):
            return None
    return False


def workbook(user_id: int, course_id: int) -> dict[int, Answer]:
    """Every answer of the learner in a course, by prompt id (one query)."""
    rows = db.session.scalars(
        select(Answer).where(Answer.user_id == user_id, Answer.course_id == course_id)
    )
    return {answer.prompt_id: answer for answer in rows}


def prompt_stats(cohort_id: int, course_id: int) -> dict[int, tuple[int, int]]:
    """Per prompt of the course: how many of the cohort answered and how many shared."""
    rows = db.session.execute(
        select(
            Answer.prompt_id,
            func.count(),
            func.sum(func.cast(or_(Answer.shared_cohort, Answer.shared_cities), db.Integer)),
        )
        .where(Answer.course_id == course_id, Answer.user_id.in_(member_ids(cohort_id)))
        .group_by(Answer.prompt_id)
    )
    return {prompt_id: (answered, int(shared or 0)) for prompt_id, answered, shared in rows}


def discussions_of(cohort_id: int) -> list[Discussion]:
    """A cohort's discussions, newest first."""
    return list(
        db.session.scalars(
            select(Discussion)
            .where(Discussion.cohort_id == cohort_id)
            .order_by(Discussion.created_at.desc(), Discussion.id.desc())
        )
    )


def threads(discussion: Discussion, viewer_id: int, number: int = 1, moderator=False) -> Page:
    """One page of a discussion's threads (pinned first), each with its replies (two queries)."""
    query = (
        select(Post, User.display_name, MemberCity)
        .outerjoin(User, User.id == Post.author_id)
        .outerjoin(MemberCity, MemberCity.id == Post.city_id)
        .where(Post.discussion_id == discussion.id, Post.parent_id.is_(None))
        .order_by(Post.pinned.desc(), Post.created_at.desc(), Post.id.desc())
    )
    if not moderator:
        query = query.where(Post.hidden_at.is_(None))
    rows, more = page_of(query, number)
    entries = [Entry(post, name or "", city) for post, name, city in rows]
    by_id = {entry.id: entry for entry in entries}
    if by_id:
        replies = (
            select(Post, User.display_name, MemberCity)
            .outerjoin(User, User.id == Post.author_id)
            .outerjoin(MemberCity, MemberCity.id == Post.city_id)
            .where(Post.parent_id.in_(list(by_id)))
            .order_by(Post.created_at, Post.id)
        )
        if not moderator:
            replies = replies.where(Post.hidden_at.is_(None))
        for post, name, city in db.session.execute(replies):
            by_id[post.parent_id].replies.append(Entry(post, name or "", city))
    return Page(entries, number, more)


def open_reports(cohort_id: int | None) -> list[tuple[Report, Any]]:
    """Unresolved reports of a cohort (None: the across-cities space), with what they name."""
    space = Report.cohort_id.is_(None) if cohort_id is None else Report.cohort_id == cohort_id
    reports = list(
        db.session.scalars(
            select(Report).where(space, Report.resolved_at.is_(None)).order_by(Report.created_at)
        )
    )
    answers = {
        a.id: a
        for a in db.session.scalars(
            select(Answer).where(Answer.id.in_([r.answer_id for r in reports if r.answer_id]))
        )
    }
    posts = {
        p.id: p
        for p in db.session.scalars(
            select(Post).where(Post.id.in_([r.post_id for r in reports if r.post_id]))
        )
    }
    return [(r, answers.get(r.answer_id) if r.answer_id else posts.get(r.post_id)) for r in reports]


def unread_count(user_id: int) -> int:
    """How many notifications the user has not read."""
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def notifications(user_id: int, number: int = 1) -> tuple[list[Notification], bool]:
    """One page of the user's notifications, newest first."""
    query = (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    rows, more = page_of(query, number, 30)
    return [row for (row,) in rows], more


def mutes(cohort_id: int) -> list[tuple[Mute, str]]:
    """The learners muted in a cohort, with their names."""
    return list(
        db.session.execute(
            select(Mute, User.display_name)
            .join(User, User.id == Mute.user_id)
            .where(Mute.cohort_id == cohort_id)
        )
    )


def course_by_id(course_id: int) -> Course | None:
    """A course by its id."""
    return db.session.get(Course, course_id)


def answer_by_id(answer_id: int) -> Answer | None:
    """An answer by its id."""
    return db.session.get(Answer, answer_id)


def thread_of(discussion_id: int, post_id: int) -> Post | None:
    """A thread (a first-level post) of the discussion."""
    post = db.session.get(Post, post_id)
    if post is None or post.discussion_id != discussion_id or post.parent_id is not None:
        return None
    return post
