"""The exchange in the JSON API: the same services and access rules as the pages."""

from __future__ import annotations

from flask import g, jsonify, request, session
from flask_login import current_user, login_required, logout_user

from mooc.api import ApiError, load, route
from mooc.clock import utcnow
from mooc.exchange import access, exports, notes, privacy, queries, schemas, services
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
    "/notifications/read",
    "POST",
    summary="Mark every notification of yours read",
    tag="exchange",
    status=204,
)
@login_required
def read_notifications():
    services.mark_read(current_user)
    session.pop("exchange_unread", None)
    return "", 204


@route(
    "/me/exchange-settings",
    "GET",
    summary="Your digest (off, daily or weekly) and whether it includes other cities",
    tag="exchange",
    response=schemas.SettingsSchema,
)
@login_required
def exchange_settings():
    return jsonify(schemas.SettingsSchema().dump(services.settings_of(current_user.id)))


@route(
    "/me/exchange-settings",
    "PUT",
    summary="Choose your digest and whether it includes other cities (off by default)",
    tag="exchange",
    body=schemas.SettingsInputSchema,
    response=schemas.SettingsSchema,
)
@login_required
def save_exchange_settings():
    data = load(schemas.SettingsInputSchema())
    row = services.set_settings(current_user, data["digest"], data["digest_cities"])
    return jsonify(schemas.SettingsSchema().dump(row))


@route(
    "/me/data",
    "GET",
    summary="Everything the app holds on you",
    tag="exchange",
    response=schemas.MyDataSchema,
)
@login_required
def my_data():
    return jsonify(schemas.MyDataSchema().dump(exports.my_data(current_user)))


@route(
    "/me",
    "DELETE",
    summary="Delete your account: your posts removed or kept without your name",
    tag="exchange",
    body=schemas.DeleteAccountInputSchema,
    status=204,
)
@login_required
def delete_account():
    data = load(schemas.DeleteAccountInputSchema())
    privacy.delete_account(current_user, data["mode"], data["confirmation"])
    if not g.get("token_auth"):
        logout_user()
    return "", 204


def own_answer_or_404(answer_id: int) -> Answer:
    """Her own answer (any other is 404, as if it did not exist)."""
    answer = queries.answer_by_id(answer_id)
    if answer is None or answer.user_id != current_user.id:
        raise ApiError(404)
    return answer


@route(
    "/answers/<int:answer_id>/case-study",
    "PUT",
    summary="Consent to your shared answer being published as a case study",
    tag="exchange",
    body=schemas.CaseStudyInputSchema,
    response=schemas.OwnAnswerSchema,
)
@login_required
def consent_case_study(answer_id: int):
    answer = own_answer_or_404(answer_id)
    data = load(schemas.CaseStudyInputSchema())
    services.set_case_study(current_user, answer, True, data["named"])
    return jsonify(schemas.OwnAnswerSchema().dump(answer))


@route(
    "/answers/<int:answer_id>/case-study",
    "DELETE",
    summary="Revoke your consent: the answer leaves later exports",
    tag="exchange",
    response=schemas.OwnAnswerSchema,
)
@login_required
def revoke_case_study(answer_id: int):
    answer = own_answer_or_404(answer_id)
    services.set_case_study(current_user, answer, False)
    return jsonify(schemas.OwnAnswerSchema().dump(answer))


# Moderation: the trainers of the cohort, admins across cities (404 for anyone else).


@route(
    "/answers/<int:answer_id>/hidden",
    "PUT",
    summary="Hide a shared answer, or restore it (its space's moderators)",
    tag="exchange moderation",
    body=schemas.HiddenInputSchema,
    response=schemas.HiddenSchema,
)
@login_required
def hide_answer(answer_id: int):
    answer, space = answer_or_404(answer_id)
    if not access.moderates(current_user, space):
        raise ApiError(404)
    data = load(schemas.HiddenInputSchema())
    services.set_hidden(current_user, answer, data["hidden"])
    return jsonify(schemas.HiddenSchema().dump(answer))


def moderated_post(post_id: int, thread_flags: bool = False):
    found = access.post_for(current_user, post_id)
    if found is None or not found[1] or (thread_flags and found[0].discussion_id is None):
        raise ApiError(404)
    return found[0]


@route(
    "/posts/<int:post_id>/hidden",
    "PUT",
    summary="Hide a post, or restore it (its space's moderators)",
    tag="exchange moderation",
    body=schemas.HiddenInputSchema,
    response=schemas.FlagsSchema,
)
@login_required
def hide_post(post_id: int):
    post = moderated_post(post_id)
    data = load(schemas.HiddenInputSchema())
    services.set_hidden(current_user, post, data["hidden"])
    return jsonify(schemas.FlagsSchema().dump(post))


@route(
    "/posts/<int:post_id>/flags",
    "PATCH",
    summary="Pin a discussion thread or endorse a post (the cohort's trainers)",
    tag="exchange moderation",
    body=schemas.FlagsInputSchema,
    response=schemas.FlagsSchema,
)
@login_required
def flag_post(post_id: int):
    post = moderated_post(post_id, thread_flags=True)
    data = load(schemas.FlagsInputSchema(), partial=True)
    for which in ("pinned", "endorsed"):
        if which in data:
            services.set_flag(post, current_user, which, data[which])
    return jsonify(schemas.FlagsSchema().dump(post))


def trainer_cohort(cohort_id: int):
    """The cohort and its course, for its trainers and admins; 404 for anyone else."""
    cohort = access.cohort_of_trainer(current_user, cohort_id)
    if cohort is None or cohort.course_id is None:
        raise ApiError(404)
    return cohort, queries.course_by_id(cohort.course_id)


def cohort_prompt(course, slug: str):
    row = queries.prompt_of(course, slug)
    if row is None:
        raise ApiError(404)
    return row


@route(
    "/cohorts/<int:cohort_id>/mutes",
    "GET",
    summary="The learners muted in the cohort",
    tag="exchange moderation",
    response=schemas.MuteSchema,
    many=True,
)
@login_required
def cohort_mutes(cohort_id: int):
    cohort, _course = trainer_cohort(cohort_id)
    rows = [{"mute": mute, "name": name} for mute, name in queries.mutes(cohort.id)]
    return jsonify(schemas.MuteSchema(many=True).dump(rows))


@route(
    "/cohorts/<int:cohort_id>/mutes",
    "PUT",
    summary="Mute a member of the cohort, or let her post again",
    tag="exchange moderation",
    body=schemas.MuteInputSchema,
    status=204,
)
@login_required
def mute_member(cohort_id: int):
    cohort, _course = trainer_cohort(cohort_id)
    data = load(schemas.MuteInputSchema())
    services.set_muted(current_user, cohort, data["user_id"], data["muted"])
    return "", 204


@route(
    "/cohorts/<int:cohort_id>/exchange/reports",
    "GET",
    summary="The cohort's reports waiting for its trainers",
    tag="exchange moderation",
    response=schemas.ReportSchema,
    many=True,
)
@login_required
def cohort_exchange_reports(cohort_id: int):
    cohort, _course = trainer_cohort(cohort_id)
    rows = [{"report": r, "target": t} for r, t in queries.open_reports(cohort.id)]
    return jsonify(schemas.ReportSchema(many=True).dump(rows))


def admin_only() -> None:
    if current_user.role != "admin":
        raise ApiError(404)


@route(
    "/admin/exchange/reports",
    "GET",
    summary="Reports from the across-cities space (admins)",
    tag="exchange moderation",
    response=schemas.ReportSchema,
    many=True,
)
@login_required
def cities_exchange_reports():
    admin_only()
    rows = [{"report": r, "target": t} for r, t in queries.open_reports(None)]
    return jsonify(schemas.ReportSchema(many=True).dump(rows))


@route(
    "/exchange/reports/<int:report_id>/dismiss",
    "POST",
    summary="Keep what a report names: the report is resolved (its moderators)",
    tag="exchange moderation",
    status=204,
)
@login_required
def dismiss_exchange_report(report_id: int):
    row = access.report_for(current_user, report_id)
    if row is None:
        raise ApiError(404)
    services.dismiss_report(current_user, row)
    return "", 204


# The trainers' view.


@route(
    "/cohorts/<int:cohort_id>/reflections",
    "GET",
    summary="Per prompt of the course, how many of the cohort answered and shared",
    tag="exchange trainers",
    response=schemas.CohortPromptSchema,
    many=True,
)
@login_required
def cohort_reflections(cohort_id: int):
    cohort, course = trainer_cohort(cohort_id)
    stats = queries.prompt_stats(cohort.id, course.id)
    opened = queries.open_prompts(cohort.id)
    rows = [
        {
            "text": found,
            "answered": stats.get(found.prompt.id, (0, 0))[0],
            "shared": stats.get(found.prompt.id, (0, 0))[1],
            "opened": found.prompt.id in opened,
        }
        for found in reflections_of(course)
    ]
    return jsonify(schemas.CohortPromptSchema(many=True).dump(rows))


def reflections_of(course):
    from mooc.courses import reflections as course_reflections

    return course_reflections.prompts(course.id, locale_code(), course.language)


@route(
    "/cohorts/<int:cohort_id>/shared-answers",
    "GET",
    summary="One page of the cohort's shared answers to a prompt (`?prompt=`, else the "
    "course's first; hidden ones included), for a live session",
    tag="exchange trainers",
    response=schemas.CohortAnswersSchema,
)
@login_required
def cohort_shared_answers(cohort_id: int):
    cohort, course = trainer_cohort(cohort_id)
    slug = request.args.get("prompt")
    if slug:
        row = cohort_prompt(course, slug)
    else:
        found = reflections_of(course)
        row = found[0].prompt if found else None
    page = (
        queries.cohort_answers(row, cohort.id, current_user.id, number(), moderator=True)
        if row is not None
        else queries.Page([], 1, False)
    )
    body = {"prompt": row.slug if row else None, "page": page}
    return jsonify(schemas.CohortAnswersSchema().dump(body))


@route(
    "/cohorts/<int:cohort_id>/reflections/<prompt>/open",
    "PUT",
    summary="Open a prompt's shared answers to all of the cohort, or only to who shared",
    tag="exchange trainers",
    body=schemas.OpenInputSchema,
    response=schemas.OpenSchema,
)
@login_required
def open_cohort_prompt(cohort_id: int, prompt: str):
    cohort, course = trainer_cohort(cohort_id)
    row = cohort_prompt(course, prompt)
    data = load(schemas.OpenInputSchema())
    services.open_prompt(cohort, row, data["opened"])
    return jsonify({"opened": data["opened"]})


@route(
    "/admin/exchange/case-studies",
    "GET",
    summary="Consented case studies for the Observatory (admins)",
    tag="exchange",
    response=schemas.CaseStudiesSchema,
)
@login_required
def case_studies():
    admin_only()
    body = {"exported_at": utcnow(), "case_studies": exports.case_studies()}
    return jsonify(schemas.CaseStudiesSchema().dump(body))
