"""Exchange writes: answers, replies, marks, discussions, moderation, notifications, settings.

Every function is one operation (`@transactional`); notifications are rows written in the same
operation, and their mail is queued to leave when it commits."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import delete, func, select, update

from mooc import mail
from mooc.accounts.models import User
from mooc.clock import utcnow
from mooc.cohorts.models import Cohort, CohortMember, CohortTrainer
from mooc.courses.models import Course, Module, ReflectionPrompt
from mooc.exchange import queries, text
from mooc.exchange.errors import ExchangeError
from mooc.exchange.models import (
    DIGESTS,
    Answer,
    Discussion,
    ExchangeSettings,
    Mute,
    Notification,
    OpenPrompt,
    Post,
    Report,
    UsefulMark,
)
from mooc.extensions import db
from mooc.transactions import insert_once, transactional
from mooc.urls import external_url


def clean(body: str, required: bool = True) -> tuple[str, str]:
    """(Markdown, sanitised HTML) of a learner's text, refused when empty or too long."""
    body = (body or "").replace("\r\n", "\n").strip()
    if required and not body:
        raise ExchangeError("empty", "body")
    if len(body) > text.MAX_LENGTH:
        raise ExchangeError("too_long", "body", limit=text.MAX_LENGTH)
    return body, text.render(body)


def author_city(user: User, cohort: Cohort | None) -> int | None:
    """The city shown beside her name: hers, else her cohort's."""
    return user.city_id or (cohort.city_id if cohort else None)


def check_pace(user: User) -> None:
    """Refuse a post when the author posted too many in the last minute (`EXCHANGE_POSTS_PER_
    MINUTE`)."""
    limit = current_app.config.get("EXCHANGE_POSTS_PER_MINUTE", 6)
    since = utcnow() - timedelta(minutes=1)
    recent = db.session.scalar(
        select(func.count())
        .select_from(Post)
        .where(Post.author_id == user.id, Post.created_at >= since)
    )
    if recent >= limit:
        raise ExchangeError("too_fast")


@transactional
def save_answer(
    user: User,
    course: Course,
    prompt: ReflectionPrompt,
    body: str,
    locale: str,
    *,
    share_cohort: bool = False,
    share_cities: bool = False,
    case_study: bool = False,
    case_study_named: bool = False,
) -> Answer:
    """Write or rewrite her answer to a prompt, in the language she writes in, shared as she
    chooses (a case study only when shared, her name only when she says so)."""
    if not queries.is_enrolled(user.id, course.id):
        raise ExchangeError("not_enrolled")
    body, html = clean(body)
    cohort = queries.cohort_of(user.id, course.id)
    if share_cohort and cohort is None:
        raise ExchangeError("no_cohort", "share_cohort")
    if (share_cohort or share_cities) and cohort and queries.is_muted(user.id, cohort.id):
        raise ExchangeError("muted")
    answer = queries.answer_of(user.id, prompt.id)
    if answer is None:
        answer = Answer(user_id=user.id, prompt_id=prompt.id, course_id=course.id)
        db.session.add(answer)
    answer.body, answer.body_html, answer.locale = body, html, locale
    answer.updated_at = utcnow()
    answer.shared_cohort = bool(share_cohort)
    answer.shared_cities = bool(share_cities)
    answer.case_study = bool(case_study) and answer.shared
    answer.case_study_named = answer.case_study and bool(case_study_named)
    answer.city_id = author_city(user, cohort)
    db.session.flush()
    return answer


@transactional
def set_case_study(user: User, answer: Answer, consent: bool, named: bool = False) -> Answer:
    """Consent (or not) to her answer being published as a case study, by name if she says so.
    Only a shared answer of hers may be one; revoking removes it from later exports."""
    if answer.user_id != user.id:
        raise ExchangeError("not_found")
    if consent and not answer.shared:
        raise ExchangeError("not_shared", "consent")
    answer.case_study = bool(consent)
    answer.case_study_named = answer.case_study and bool(named)
    return answer


@transactional
def reply(user: User, answer: Answer, space: int | None, body: str, locale: str) -> Post:
    """A reply (one level) to a shared answer, in her cohort's space or across cities."""
    if queries.is_muted(user.id, space):
        raise ExchangeError("muted")
    check_pace(user)
    body, html = clean(body)
    cohort = (
        db.session.get(Cohort, space) if space else queries.cohort_of(user.id, answer.course_id)
    )
    post = Post(
        author_id=user.id,
        cohort_id=space,
        answer_id=answer.id,
        body=body,
        body_html=html,
        locale=locale,
        city_id=author_city(user, cohort),
    )
    db.session.add(post)
    db.session.flush()
    if answer.user_id != user.id:
        course = db.session.get(Course, answer.course_id)
        prompt = db.session.get(ReflectionPrompt, answer.prompt_id)
        where = app_path(
            "exchange.prompt", slug=course.slug, prompt=prompt.slug, _anchor=f"answer-{answer.id}"
        )
        notify([answer.user_id], "reply", user, where, body, cities=space is None)
    return post


@transactional
def toggle_useful(user: User, answer: Answer) -> bool:
    """Mark a shared answer useful, or take the mark back; True when it is marked now."""
    if answer.user_id == user.id:
        return False
    if insert_once(UsefulMark, {"answer_id": answer.id, "user_id": user.id}):
        return True
    db.session.execute(
        delete(UsefulMark).where(UsefulMark.answer_id == answer.id, UsefulMark.user_id == user.id)
    )
    return False


@transactional
def report(user: User, reason: str, space: int | None, answer=None, post=None) -> Report:
    """Report an answer or a post; its cohort's trainers (admins across cities) are told."""
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > 1000:
        raise ExchangeError("bad_reason", "reason")
    check_pace(user)
    row = Report(
        reporter_id=user.id,
        cohort_id=space,
        answer_id=answer.id if answer else None,
        post_id=post.id if post else None,
        reason=reason,
    )
    db.session.add(row)
    db.session.flush()
    if space is None:
        moderators = db.session.scalars(select(User.id).where(User.role == "admin")).all()
        where = app_path("exchange.admin_reports")
    else:
        moderators = db.session.scalars(
            select(CohortTrainer.user_id).where(CohortTrainer.cohort_id == space)
        ).all()
        where = app_path("exchange.cohort_reports", cohort_id=space)
    notify(list(moderators), "report", user, where, reason)
    return row


@transactional
def set_hidden(moderator: User, target, hidden: bool) -> None:
    """Hide (or restore) an answer or a post; the reports on it are resolved."""
    target.hidden_at = utcnow() if hidden else None
    target.hidden_by_id = moderator.id if hidden else None
    column = Report.answer_id if isinstance(target, Answer) else Report.post_id
    db.session.execute(
        update(Report)
        .where(column == target.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=moderator.id)
    )


@transactional
def dismiss_report(moderator: User, row: Report) -> None:
    """Keep what a report names: the report is resolved."""
    row.resolved_at, row.resolved_by_id = utcnow(), moderator.id


@transactional
def edit_post(user: User, post: Post, body: str) -> Post:
    """The author rewrites her post."""
    post.body, post.body_html = clean(body)
    post.edited_at = utcnow()
    return post


@transactional
def delete_post(user: User, post: Post) -> None:
    """The author deletes her post (a thread goes with its replies)."""
    ids = [post.id, *db.session.scalars(select(Post.id).where(Post.parent_id == post.id))]
    db.session.execute(delete(Report).where(Report.post_id.in_(ids)))
    db.session.execute(delete(Post).where(Post.parent_id == post.id))
    db.session.delete(post)


@transactional
def set_muted(trainer: User, cohort: Cohort, user_id: int, muted: bool) -> None:
    """Mute (or unmute) a member of the cohort."""
    if not queries.in_cohort(user_id, cohort.id):
        raise ExchangeError("not_found")
    if muted:
        insert_once(Mute, {"cohort_id": cohort.id, "user_id": user_id, "by_id": trainer.id})
    else:
        db.session.execute(delete(Mute).where(Mute.cohort_id == cohort.id, Mute.user_id == user_id))


@transactional
def open_prompt(cohort: Cohort, prompt: ReflectionPrompt, opened: bool = True) -> None:
    """Let all of the cohort read a prompt's shared answers (or only those who shared)."""
    if opened:
        insert_once(OpenPrompt, {"cohort_id": cohort.id, "prompt_id": prompt.id})
    else:
        db.session.execute(
            delete(OpenPrompt).where(
                OpenPrompt.cohort_id == cohort.id, OpenPrompt.prompt_id == prompt.id
            )
        )


@transactional
def start_discussion(
    trainer: User, cohort: Cohort, module_id: int, title: str, body: str, prompt_id=None
) -> Discussion:
    """A trainer opens a discussion on a module of the cohort's course."""
    module = db.session.get(Module, module_id) if module_id else None
    if module is None or (cohort.course_id and module.course_id != cohort.course_id):
        raise ExchangeError("bad_module", "module_id")
    title = " ".join((title or "").split())[:200]
    if not title:
        raise ExchangeError("empty", "title")
    body, html = clean(body, required=False)
    prompt = db.session.get(ReflectionPrompt, prompt_id) if prompt_id else None
    discussion = Discussion(
        cohort_id=cohort.id,
        module_id=module.id,
        prompt_id=prompt.id if prompt and prompt.course_id == module.course_id else None,
        author_id=trainer.id,
        title=title,
        body=body,
        body_html=html,
    )
    db.session.add(discussion)
    db.session.flush()
    members = db.session.scalars(
        select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id)
    ).all()
    where = app_path("exchange.discussion", discussion_id=discussion.id)
    notify(list(members), "post", trainer, where, title, mail_now=False)
    return discussion


@transactional
def post(user: User, discussion: Discussion, body: str, locale: str, parent=None) -> Post:
    """A thread of a discussion, or a reply (one level) to one."""
    if queries.is_muted(user.id, discussion.cohort_id):
        raise ExchangeError("muted")
    check_pace(user)
    body, html = clean(body)
    cohort = db.session.get(Cohort, discussion.cohort_id)
    row = Post(
        author_id=user.id,
        cohort_id=discussion.cohort_id,
        discussion_id=discussion.id,
        parent_id=parent.id if parent else None,
        body=body,
        body_html=html,
        locale=locale,
        city_id=author_city(user, cohort),
    )
    db.session.add(row)
    db.session.flush()
    where = app_path("exchange.discussion", discussion_id=discussion.id, _anchor=f"post-{row.id}")
    if parent is not None and parent.author_id and parent.author_id != user.id:
        notify([parent.author_id], "reply", user, where, body)
    elif parent is None:
        members = db.session.scalars(
            select(CohortMember.user_id).where(
                CohortMember.cohort_id == discussion.cohort_id, CohortMember.user_id != user.id
            )
        ).all()
        notify(list(members), "post", user, where, body, mail_now=False)
    return row


@transactional
def set_flag(post: Post, trainer: User, flag: str, value: bool) -> None:
    """Pin a thread or endorse a post (trainers)."""
    if flag == "pinned":
        post.pinned = value
    else:
        post.endorsed_by_id = trainer.id if value else None


def notify(
    user_ids: list[int],
    kind: str,
    actor: User,
    where: str,
    body: str,
    *,
    cities=False,
    mail_now=True,
) -> None:
    """In-app notifications for these users; replies and reports also by mail at once (others
    wait for the digest). Joins the caller's operation."""
    user_ids = [uid for uid in dict.fromkeys(user_ids) if uid != actor.id]
    if not user_ids:
        return
    excerpt = text.excerpt(body)
    db.session.add_all(
        Notification(
            user_id=uid,
            kind=kind,
            actor_name=actor.display_name,
            url=where,
            excerpt=excerpt,
            cities=cities,
        )
        for uid in user_ids
    )
    if not mail_now:
        return
    for user in db.session.scalars(select(User).where(User.id.in_(user_ids))):
        mail.send(
            user.email,
            "exchange/notice",
            {
                "name": user.display_name,
                "actor": actor.display_name,
                "kind": kind,
                "excerpt": excerpt,
                "url": base(where),
            },
            locale=user.language,
            category="exchange",
        )


def base(path: str) -> str:
    """A path inside the app as a link that leaves it (from `MOOC_BASE_URL`)."""
    parts = urlsplit(current_app.config["BASE_URL"])
    return f"{parts.scheme}://{parts.netloc}{path}"


def app_path(endpoint: str, **values) -> str:
    """A path inside the app (with its script root), built in requests and jobs alike."""
    anchor = values.pop("_anchor", None)
    return urlsplit(external_url(endpoint, **values)).path + (f"#{anchor}" if anchor else "")


@transactional
def mark_read(user: User) -> None:
    """Every notification of the user read."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def settings_of(user_id: int) -> ExchangeSettings:
    """Her settings (defaults when she never chose: no digest, no other cities)."""
    return db.session.get(ExchangeSettings, user_id) or ExchangeSettings(
        user_id=user_id, digest="off", digest_cities=False
    )


@transactional
def set_settings(user: User, digest: str, digest_cities: bool) -> ExchangeSettings:
    """Choose the digest (off, daily, weekly) and whether it includes other cities."""
    if digest not in DIGESTS:
        raise ExchangeError("bad_digest", "digest")
    row = db.session.get(ExchangeSettings, user.id)
    if row is None:
        row = ExchangeSettings(user_id=user.id)
        db.session.add(row)
    row.digest, row.digest_cities = digest, bool(digest_cities)
    return row
