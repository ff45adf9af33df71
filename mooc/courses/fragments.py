"""The course outline's items as HTML, rendered once per item and learner state.

An item's line on the course page depends on the course version, the language, the item and
the learner's state on it (done, locked, current, tried, best score, enrolled), nothing else: it
is rendered once per such key and kept by this worker, then joined per request. What is kept is
what any learner in that state sees, never anything that names or belongs to one learner (no
name, no token, no id of hers); a `content sync` that changes the course bumps its version, and
a deployment that changes templates or translations changes `caching.build_id`, so a kept line
is never stale."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from markupsafe import Markup

from mooc.caching import build_id

ITEMS_MAX = 8_192


def outline(course: Any, state: Any, locale: str) -> dict[str, dict[int, Any]]:
    """For the course page: each module's items as one HTML string (`items_html`) and its
    required items done and in all (`module_counts`), by module id."""
    cache = current_app.extensions.setdefault("mooc_outline_items", {})
    common = (course.id, course.version, locale, request.script_root, build_id())
    enrolled = state.enrolment is not None
    resume = state.resume.id if state.resume is not None and not state.complete else None
    context = None
    found: dict[int, Markup] = {}
    counts: dict[int, tuple[int, int]] = {}
    for module_state in state.modules:
        locked = module_state.locked_by is not None
        parts = []
        done = required = 0
        for item_state in module_state.items:
            item = item_state.item
            if item.required:
                required += 1
                done += item_state.done
            key = (
                *common,
                item.id,
                enrolled,
                item_state.done,
                locked,
                item.id == resume,
                bool(item_state.attempts),
                item_state.best_score,
            )
            html = cache.get(key)
            if html is None:
                if context is None:
                    context = render_context()
                html = context["template"].render(
                    **context["gettext"],
                    item=item,
                    done=item_state.done,
                    locked=locked,
                    current=item.id == resume,
                    attempts=item_state.attempts,
                    best_score=item_state.best_score,
                    enrolled=enrolled,
                )
                if len(cache) >= ITEMS_MAX:
                    cache.clear()
                cache[key] = html
            parts.append(html)
        found[module_state.module.id] = Markup("\n      ".join(parts))
        counts[module_state.module.id] = (done, required)
    return {"items_html": found, "module_counts": counts}


def requirement_lines(course: Any, certificate: Any, locale: str) -> Markup:
    """The certificate's requirements left (lessons to complete, quizzes and assignments to
    pass), one line each, kept per item and language like the outline's lines."""
    cache = current_app.extensions.setdefault("mooc_outline_items", {})
    common = ("requirement", course.id, course.version, locale, request.script_root, build_id())
    context = None
    parts = []
    for kind, items in (
        ("lesson", certificate.lessons_missing),
        ("quiz", certificate.quizzes_not_passed),
        ("assignment", certificate.assignments_not_passed),
    ):
        for item in items:
            key = (*common, kind, item.id)
            html = cache.get(key)
            if html is None:
                if context is None:
                    context = render_context("courses/_requirement.html")
                html = context["template"].render(**context["gettext"], kind=kind, item=item)
                if len(cache) >= ITEMS_MAX:
                    cache.clear()
                cache[key] = html
            parts.append(html)
    return Markup("".join(parts))


def render_context(template: str = "courses/_outline_item.html") -> dict[str, Any]:
    """A fragment's template and this request's translations (on a miss only)."""
    from mooc.i18n import bound_gettext

    return {
        "template": current_app.jinja_env.get_template(template),
        "gettext": bound_gettext(),
    }
