"""Exchange pages: answers under prompts, the workbook, shared answers, discussions, moderation."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from mooc import caching
from mooc.cities.models import REGIONS, region_name
from mooc.courses import links, reflections
from mooc.errors import ServiceError
from mooc.exchange import access, exports, notes, queries, services
from mooc.i18n import locale_code

bp = Blueprint("exchange", __name__, template_folder="templates")


def back(default: str) -> str:
    """The `next` field when it is a path of this app, else `default`."""
    target = request.form.get("next") or request.args.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def flag(name: str) -> bool:
    """A checkbox of the form."""
    return request.form.get(name) in ("1", "on", "true", "yes")


def number() -> int:
    """The page asked for (`?page=`), at least 1."""
    return max(request.args.get("page", 1, type=int) or 1, 1)


def learning(slug: str, prompt_slug: str | None = None):
    """The course (and prompt) a URL names, for an enrolled learner; 404 otherwise."""
    course = queries.course_of(slug) or abort(404)
    prompt = None
    if prompt_slug is not None:
        prompt = queries.prompt_of(course, prompt_slug) or abort(404)
    return course, prompt


@bp.app_template_global("exchange_body")
def exchange_body(html: str, course) -> Markup:
    """A lesson's body with her answer form under each prompt (no query without prompts). In a
    lesson page kept for every learner in her state, each form is a hole (`reflection_slot`)."""
    slugs = reflections.placeholders(html)
    if not slugs or not current_user.is_authenticated:
        return Markup(html)
    if caching.keeping():
        prompts = live_prompts(course, slugs)

        def mark(slug: str) -> str | None:
            return caching.hole_mark("reflection", slug) if slug in prompts else None

        return Markup(reflections.inject(html, mark))
    found = answer_forms(html, course)
    return Markup(reflections.inject(html, found.get))


def answer_forms(html: str, course) -> dict[str, str]:
    """Her answer form for each live prompt of `html`, by prompt slug (one query). A form is kept
    per prompt and what her answer says of itself (language, sharing); its text and her token
    are holes (`answer_text`)."""
    prompts = live_prompts(course, reflections.placeholders(html))
    answers = queries.answers_of(current_user.id, [p.id for p in prompts.values()])
    forms = {}
    for slug, prompt in prompts.items():
        answer = answers.get(prompt.id)
        says = answer and (
            answer.locale,
            answer.shared_cohort,
            answer.shared_cities,
            answer.case_study,
            answer.case_study_named,
        )
        forms[slug] = caching.kept_render(
            "exchange/_slot.html",
            ("answer", course.id, course.version, prompt.id, says),
            {"course": course, "prompt": prompt, "answer": answer},
        )
    return forms


@caching.hole_provider("answer_text")
def answer_text(context, _slug: str) -> str:
    """Her answer's text in its form (`answer_forms`, or the prompt page's)."""
    answer = context.get("answer")
    return escape(answer.body) if answer is not None else ""


@caching.hole_provider("reflection")
def reflection_slot(context, slug: str) -> str:
    """Her answer form under a prompt of a kept lesson page (the forms of the page's prompts are
    rendered together, with one query)."""
    found = g.get("mooc_answer_forms")
    if found is None:
        found = g.mooc_answer_forms = answer_forms(context["text"].body_html, context["course"])
    return found.get(slug, "")


def live_prompts(course, slugs: list[str]) -> dict:
    """The course's live prompts with these ids, kept by this worker for the course's version
    (a sync that adds, changes or archives a prompt bumps it): the same for every reader, plain
    copies (`outlines.Snapshot`); one query otherwise."""
    from mooc.courses.outlines import OUTLINES_MAX, Snapshot, shared_cache

    cache = shared_cache("prompts")
    key = (course.id, course.version, tuple(slugs))
    found = cache.get(key)
    if found is None:
        rows = notes.prompts_by_slug(course.id, slugs)
        found = {slug: Snapshot(row) for slug, row in rows.items()}
        if len(cache) >= OUTLINES_MAX:
            cache.clear()
        cache[key] = found
    return found


@bp.app_template_global("exchange_notes")
def exchange_notes(row_model: str, row_id: int, locale: str, default: str) -> Markup:
    """Facilitator notes of a body, for trainers and admins only (empty for anyone else)."""
    if not current_user.is_authenticated or not current_user.has_role("trainer"):
        return Markup("")
    return Markup(notes.facilitator(row_model, row_id, locale, default))


@bp.app_template_global("exchange_course_notes")
def exchange_course_notes(course, module_ids) -> dict:
    """The facilitator notes of a course's body and of its modules' bodies, for trainers and
    admins only: `{"course": Markup, "modules": {id: Markup}}`, empty for anyone else (no
    query for them; two for a trainer, whatever the number of modules)."""
    if not current_user.is_authenticated or not current_user.has_role("trainer"):
        return {"course": Markup(""), "modules": {}}
    locale = locale_code()
    modules = notes.facilitator_many("module", list(module_ids), locale, course.language)
    return {
        "course": Markup(notes.facilitator("course", course.id, locale, course.language)),
        "modules": {row_id: Markup(html) for row_id, html in modules.items()},
    }


@bp.app_template_global("region_label")
def region_label(code: str) -> str:
    """A UCLG region's name in the reader's language."""
    return region_name(code)


@bp.app_template_global("exchange_unread")
@caching.viewer_part
def exchange_unread() -> int:
    """Her unread notifications: read at sign-in, then at most every `EXCHANGE_UNREAD_SECONDS`
    (pages pay no query for the header)."""
    from mooc.exchange.receivers import fresh, stamp

    if not current_user.is_authenticated:
        return 0
    cached = session.get("exchange_unread")
    if cached and cached[0] == current_user.id and fresh(cached):
        return cached[1]
    count = queries.unread_count(current_user.id)
    session["exchange_unread"] = [current_user.id, count, stamp()]
    return count


@bp.get("/courses/<slug>/reflections/<prompt>")
@login_required
def prompt(slug: str, prompt: str):
    """A prompt: her answer, her cohort's shared answers, and other cities' (by region)."""
    course, row = learning(slug, prompt)
    if not queries.is_enrolled(current_user.id, course.id) and not current_user.has_role("trainer"):
        flash(_("Enrol in the course to answer its reflections."))
        return redirect(url_for("courses.course", slug=slug))
    page = notes.prompt_page(current_user, course, row, locale_code())
    region = request.args.get("region") or None
    region = region if region in REGIONS else None
    answer = page["answer"]
    unlocked = bool(answer and answer.shared)
    cohort = page["cohort"]
    cohort_page = None
    if cohort is not None and (unlocked or queries.is_open(cohort.id, row.id)):
        cohort_page = queries.cohort_answers(row, cohort.id, current_user.id, number())
    cities_page = None
    if unlocked or current_user.role == "admin":
        exclude = answer.city_id if answer else None
        cities_page = queries.city_answers(
            row, current_user.id, region, number(), exclude_city=exclude
        )
    return render_template(
        "exchange/prompt.html",
        course=course,
        prompt=row,
        cohort_page=cohort_page,
        cities_page=cities_page,
        region=region,
        regions=[(code, region_name(code)) for code in REGIONS],
        unlocked=unlocked,
        **page,
    )


@bp.post("/courses/<slug>/reflections/<prompt>")
@login_required
def save(slug: str, prompt: str):
    """Save her answer (and how she shares it), then back where she wrote it."""
    course, row = learning(slug, prompt)
    try:
        services.save_answer(
            current_user,
            course,
            row,
            request.form.get("body", ""),
            request.form.get("locale") or locale_code(),
            share_cohort=flag("share_cohort"),
            share_cities=flag("share_cities"),
            case_study=flag("case_study"),
            case_study_named=flag("case_study_named"),
        )
        flash(_("Your answer is saved."))
    except ServiceError as error:
        flash(error.message)
    default = url_for("exchange.prompt", slug=slug, prompt=prompt)
    return redirect(back(default) + f"#reflection-{row.slug}")


@bp.get("/courses/<slug>/workbook")
@login_required
def workbook(slug: str):
    """My workbook: every prompt of the course in order, with her answers."""
    course, _row = learning(slug)
    book = notes.workbook(current_user, course, locale_code(), number())
    return render_template("exchange/workbook.html", course=course, **book)


@bp.get("/courses/<slug>/workbook.pdf")
@login_required
def workbook_pdf(slug: str):
    """My workbook as a PDF to take to a meeting."""
    course, _row = learning(slug)
    book = notes.workbook(current_user, course, locale_code(), None)
    pdf = exports.workbook_pdf(current_user, course, book)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="workbook-{course.slug}.pdf"'},
    )


def answer_or_404(answer_id: int):
    return access.answer_for(current_user, answer_id) or abort(404)


def answer_back(answer) -> str:
    prompt = answer.prompt
    course = queries.course_by_id(answer.course_id)
    default = url_for("exchange.prompt", slug=course.slug, prompt=prompt.slug)
    return back(default) + f"#answer-{answer.id}"


@bp.post("/exchange/answers/<int:answer_id>/replies")
@login_required
def reply(answer_id: int):
    """A reply under a shared answer, in the space she sees it in."""
    answer, space = answer_or_404(answer_id)
    try:
        services.reply(current_user, answer, space, request.form.get("body", ""), locale_code())
    except ServiceError as error:
        flash(error.message)
    return redirect(answer_back(answer))


@bp.post("/exchange/answers/<int:answer_id>/useful")
@login_required
def useful(answer_id: int):
    """Mark a shared answer useful (or take the mark back)."""
    answer, _space = answer_or_404(answer_id)
    services.toggle_useful(current_user, answer)
    return redirect(answer_back(answer))


@bp.post("/exchange/answers/<int:answer_id>/report")
@login_required
def report_answer(answer_id: int):
    """Report a shared answer to the moderators of its space."""
    answer, space = answer_or_404(answer_id)
    try:
        services.report(current_user, request.form.get("reason", ""), space, answer=answer)
        flash(_("Thank you: the moderators will look at it."))
    except ServiceError as error:
        flash(error.message)
    return redirect(answer_back(answer))


@bp.post("/exchange/answers/<int:answer_id>/hide")
@login_required
def hide_answer(answer_id: int):
    """Hide a shared answer (its space's moderators), or restore it with `restore=1`."""
    answer, space = answer_or_404(answer_id)
    if not access.moderates(current_user, space):
        abort(404)
    services.set_hidden(current_user, answer, not flag("restore"))
    return redirect(answer_back(answer))


def post_or_404(post_id: int):
    return access.post_for(current_user, post_id) or abort(404)


def post_back(post) -> str:
    if post.discussion_id:
        default = url_for("exchange.discussion", discussion_id=post.discussion_id)
        return back(default) + f"#post-{post.id}"
    return answer_back(queries.answer_by_id(post.answer_id))


@bp.post("/exchange/posts/<int:post_id>/report")
@login_required
def report_post(post_id: int):
    """Report a post to the moderators of its space."""
    post, _moderator = post_or_404(post_id)
    try:
        services.report(current_user, request.form.get("reason", ""), post.cohort_id, post=post)
        flash(_("Thank you: the moderators will look at it."))
    except ServiceError as error:
        flash(error.message)
    return redirect(post_back(post))


@bp.post("/exchange/posts/<int:post_id>/hide")
@login_required
def hide_post(post_id: int):
    """Hide a post (moderators), or restore it with `restore=1`."""
    post, moderator = post_or_404(post_id)
    if not moderator:
        abort(404)
    services.set_hidden(current_user, post, not flag("restore"))
    return redirect(post_back(post))


@bp.post("/exchange/posts/<int:post_id>/flag")
@login_required
def flag_post(post_id: int):
    """Pin or unpin a thread, endorse a post or take it back (trainers)."""
    post, moderator = post_or_404(post_id)
    if not moderator or post.discussion_id is None:
        abort(404)
    which = "pinned" if request.form.get("flag") == "pinned" else "endorsed"
    services.set_flag(post, current_user, which, flag("value"))
    return redirect(post_back(post))


def own_post_or_404(post_id: int):
    post, _moderator = post_or_404(post_id)
    if post.author_id != current_user.id:
        abort(404)
    return post


@bp.route("/exchange/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit_post(post_id: int):
    """The author edits her post."""
    post = own_post_or_404(post_id)
    error = None
    if request.method == "POST":
        try:
            services.edit_post(current_user, post, request.form.get("body", ""))
            return redirect(post_back(post))
        except ServiceError as refused:
            error = refused.message
    return render_template("exchange/edit.html", post=post, error=error)


@bp.post("/exchange/posts/<int:post_id>/delete")
@login_required
def delete_post(post_id: int):
    """The author deletes her post."""
    post = own_post_or_404(post_id)
    target = post_back(post).split("#")[0]
    services.delete_post(current_user, post)
    flash(_("Your post is deleted."))
    return redirect(target)


@bp.get("/discussions/<int:discussion_id>")
@login_required
def discussion(discussion_id: int):
    """A cohort's discussion: the trainer's prompt, threads (pinned first) and replies."""
    found = access.discussion_for(current_user, discussion_id) or abort(404)
    item, moderator = found
    page = queries.threads(item, current_user.id, number(), moderator)
    return render_template(
        "exchange/discussion.html",
        discussion=item,
        page=page,
        moderator=moderator,
        muted=queries.is_muted(current_user.id, item.cohort_id),
    )


@bp.post("/discussions/<int:discussion_id>/posts")
@login_required
def add_post(discussion_id: int):
    """A new thread, or a reply to one (`parent`)."""
    found = access.discussion_for(current_user, discussion_id) or abort(404)
    item, _moderator = found
    parent = None
    if request.form.get("parent"):
        parent = queries.thread_of(item.id, request.form.get("parent", type=int) or 0)
        if parent is None:
            abort(404)
    try:
        row = services.post(
            current_user, item, request.form.get("body", ""), locale_code(), parent=parent
        )
        return redirect(url_for("exchange.discussion", discussion_id=item.id) + f"#post-{row.id}")
    except ServiceError as error:
        flash(error.message)
    return redirect(url_for("exchange.discussion", discussion_id=item.id))


@bp.get("/notifications")
@login_required
def notifications():
    """Her notifications, newest first."""
    rows, more = queries.notifications(current_user.id, number())
    session.pop("exchange_unread", None)
    return render_template("exchange/notifications.html", rows=rows, more=more, number=number())


@bp.post("/notifications/read")
@login_required
def read_all():
    """Mark every notification read."""
    services.mark_read(current_user)
    session.pop("exchange_unread", None)
    return redirect(url_for("exchange.notifications"))


@bp.route("/exchange/settings", methods=["GET", "POST"])
@login_required
def settings():
    """The digest (off, daily or weekly) and whether it includes other cities."""
    if request.method == "POST":
        try:
            services.set_settings(
                current_user, request.form.get("digest", "off"), flag("digest_cities")
            )
            flash(_("Your exchange settings are saved."))
            return redirect(url_for("exchange.settings"))
        except ServiceError as error:
            flash(error.message)
    return render_template("exchange/settings.html", settings=services.settings_of(current_user.id))


def expand(html: str) -> str:
    """A stored body's `mooc:` links as URLs."""
    return links.expand(html)
