"""The exchange in the JSON API: the same services and access rules as the pages."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user, login_required

from mooc.api import ApiError, load, route
from mooc.exchange import access, exports, notes, queries, schemas, services
from mooc.exchange.models import Answer
from mooc.i18n import locale_code


def number() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


def learning(slug: str, prompt_slug: str | None = None):
    course = queries.course_of(slug)
    if course is None:
        raise ApiError(404)
    prompt = queries.prompt_of(course, prompt_slug) if prompt_slug else None
    if prompt_slug and prompt is None:
        raise ApiError(404)
    return course, prompt


@route(
    "/courses/<slug>/reflections",
    "GET",
    summary="The course's reflection prompts with your answers (your workbook)",
    tag="exchange",
    response=schemas.PromptSchema,
    many=True,
)
@login_required
def reflections(slug: str):
    course, _prompt = learning(slug)
    book = notes.workbook(current_user, course, locale_code(), None)
    entries = [{"text": found, "answer": answer} for found, answer in book["entries"]]
    return jsonify(schemas.PromptSchema(many=True).dump(entries))


def prompt_page(course, prompt) -> dict:
    page = notes.prompt_page(current_user, course, prompt, locale_code())
    answer: Answer | None = page["answer"]
    unlocked = bool(answer and answer.shared)
    cohort = page["cohort"]
    region = request.args.get("region") or None
    page["cohort"] = (
        queries.cohort_answers(prompt, cohort.id, current_user.id, number())
        if cohort is not None and (unlocked or queries.is_open(cohort.id, prompt.id))
        else None
    )
    page["cities"] = (
        queries.city_answers(
            prompt, current_user.id, region, number(), answer.city_id if answer else None
        )
        if unlocked
        else None
    )
    return page


@route(
    "/courses/<slug>/reflections/<prompt>",
    "GET",
    summary="A prompt, your answer, and the shared answers you may read",
    tag="exchange",
    response=schemas.PromptPageSchema,
)
@login_required
def reflection(slug: str, prompt: str):
    course, row = learning(slug, prompt)
    if not queries.is_enrolled(current_user.id, course.id):
        raise ApiError(404)
    return jsonify(schemas.PromptPageSchema().dump(prompt_page(course, row)))


@route(
    "/courses/<slug>/reflections/<prompt>",
    "PUT",
    summary="Write or rewrite your answer, and how you share it",
    tag="exchange",
    body=schemas.AnswerInputSchema,
    response=schemas.PromptPageSchema,
)
@login_required
def save_reflection(slug: str, prompt: str):
    course, row = learning(slug, prompt)
    data = load(schemas.AnswerInputSchema())
    locale = data.pop("locale", None) or locale_code()
    services.save_answer(current_user, course, row, data.pop("body"), locale, **data)
    return jsonify(schemas.PromptPageSchema().dump(prompt_page(course, row)))


def answer_or_404(answer_id: int):
    found = access.answer_for(current_user, answer_id)
    if found is None:
        raise ApiError(404)
    return found


@route(
    "/answers/<int:answer_id>/replies",
    "POST",
    summary="Reply to a shared answer",
    tag="exchange",
    body=schemas.PostInputSchema,
    response=schemas.PostSchema,
    status=201,
)
@login_required
def reply(answer_id: int):
    answer, space = answer_or_404(answer_id)
    data = load(schemas.PostInputSchema())
    post = services.reply(current_user, answer, space, data["body"], locale_code())
    return jsonify(schemas.PostSchema().dump(post)), 201


@route(
    "/answers/<int:answer_id>/useful",
    "POST",
    summary="Mark a shared answer useful, or take the mark back",
    tag="exchange",
    response=schemas.UsefulSchema,
)
@login_required
def useful(answer_id: int):
    answer, _space = answer_or_404(answer_id)
    return jsonify({"marked": services.toggle_useful(current_user, answer)})


@route(
    "/answers/<int:answer_id>/report",
    "POST",
    summary="Report a shared answer to its moderators",
    tag="exchange",
    body=schemas.ReportInputSchema,
    status=204,
)
@login_required
def report_answer(answer_id: int):
    answer, space = answer_or_404(answer_id)
    data = load(schemas.ReportInputSchema())
    services.report(current_user, data["reason"], space, answer=answer)
    return "", 204


@route(
    "/posts/<int:post_id>/report",
    "POST",
    summary="Report a post to its moderators",
    tag="exchange",
    body=schemas.ReportInputSchema,
    status=204,
)
@login_required
def report_post(post_id: int):
    found = access.post_for(current_user, post_id)
    if found is None:
        raise ApiError(404)
    data = load(schemas.ReportInputSchema())
    services.report(current_user, data["reason"], found[0].cohort_id, post=found[0])
    return "", 204


def discussion_or_404(discussion_id: int):
    found = access.discussion_for(current_user, discussion_id)
    if found is None:
        raise ApiError(404)
    return found


@route(
    "/discussions/<int:discussion_id>",
    "GET",
    summary="A cohort's discussion and one page of its threads",
    tag="exchange",
    response=schemas.DiscussionSchema,
)
@login_required
def discussion(discussion_id: int):
    item, moderator = discussion_or_404(discussion_id)
    page = queries.threads(item, current_user.id, number(), moderator)
    return jsonify(schemas.DiscussionSchema().dump({"discussion": item, "page": page}))


@route(
    "/discussions/<int:discussion_id>/posts",
    "POST",
    summary="Start a thread, or reply to one (`parent`)",
    tag="exchange",
    body=schemas.PostInputSchema,
    response=schemas.PostSchema,
    status=201,
)
@login_required
def add_post(discussion_id: int):
    item, _moderator = discussion_or_404(discussion_id)
    data = load(schemas.PostInputSchema())
    parent = None
    if data.get("parent"):
        parent = queries.thread_of(item.id, data["parent"])
        if parent is None:
            raise ApiError(404)
    row = services.post(current_user, item, data["body"], locale_code(), parent=parent)
    return jsonify(schemas.PostSchema().dump(row)), 201


@route(
    "/notifications",
    "GET",
    summary="Your notifications, newest first",
    tag="exchange",
    response=schemas.NotificationSchema,
    many=True,
)
@login_required
def notifications():
    rows, _more = queries.notifications(current_user.id, number())
    return jsonify(schemas.NotificationSchema(many=True).dump(rows))


@route(
    "/me/data",
    "GET",
    summary="Everything the app holds on you",
    tag="exchange",
)
@login_required
def my_data():
    return jsonify(exports.my_data(current_user))
