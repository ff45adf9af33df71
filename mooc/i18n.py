"""Locale selection and the template helpers for languages, dates and numbers."""

from __future__ import annotations

import os

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_percent,
    format_time,
    get_translations,
)
from flask_babel import get_locale as current_locale
from jinja2 import pass_eval_context
from markupsafe import Markup

from mooc.config import project_root
from mooc.extensions import babel

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


def supported() -> tuple[str, ...]:
    """The interface languages this deployment offers."""
    return tuple(current_app.config["LANGUAGES"])


def get_locale() -> str:
    """`?lang=`, then the visitor's choice or preference, then `Accept-Language`, then `en`."""
    languages = supported()
    if not has_request_context():
        return cli_locale(languages)
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    preferred = user_preference()
    if preferred in languages:
        return preferred
    return request.accept_languages.best_match(languages) or current_app.config["DEFAULT_LOCALE"]


def locale_code() -> str:
    """The current request's locale as a code (`en`, `fr`, `es`)."""
    return str(current_locale())


def user_preference() -> str | None:
    """The signed-in user's preferred language, when accounts are enabled."""
    if not hasattr(current_app, "login_manager"):
        return None
    from flask_login import current_user

    return getattr(current_user, "language", None)


def cli_locale(languages: tuple[str, ...]) -> str:
    """For commands: `MOOC_LANGUAGE`, else the shell's `LC_ALL`, `LC_MESSAGES` or `LANG`."""
    for name in ("MOOC_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        code = value.split(".")[0].split("_")[0].lower()
        if code in languages:
            return code
        if value:
            break
    return current_app.config["DEFAULT_LOCALE"]


def issuer_name(locale: str | None = None) -> str:
    """The issuer's name in `locale` (default: the current one): ISSUER_NAMES, else ISSUER."""
    names = current_app.config.get("ISSUER_NAMES") or {}
    return names.get(locale or locale_code()) or current_app.config["ISSUER"]


def init_i18n(app: Flask) -> None:
    """Bind Flask-Babel with our selector and expose helpers to templates."""
    babel.init_app(
        app,
        locale_selector=get_locale,
        default_translation_directories=os.path.join(project_root(), "translations"),
    )
    app.jinja_env.globals.update(
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        get_locale=current_locale,
        format_date=format_date,
        format_datetime=format_moment,
        format_decimal=format_decimal,
        format_percent=format_percent,
    )
    app.context_processor(bound_gettext)


def bound_gettext() -> dict:
    """Templates' `_` and `ngettext` bound to this render's translations, looked up once.

    Flask-Babel's template callables find the translations again on every call (the app
    context, `g`, the domain, the locale): 150 strings on a course page cost more than its
    queries. Same behaviour as Jinja's new-style gettext (escaping, `%` formatting), but
    given the evaluation context only: a function given the whole context gets a copy of it
    made at each call inside a loop."""
    translations = get_translations()
    return {
        "gettext": new_gettext(translations.ugettext),
        "ngettext": new_ngettext(translations.ungettext),
    }


def new_gettext(lookup):
    """Jinja's new-style `gettext` over a bound lookup."""

    @pass_eval_context
    def gettext(eval_context, string: str, /, **variables):
        text = lookup(string)
        if eval_context.autoescape:
            text = Markup(text)
        return text % variables

    return gettext


def new_ngettext(lookup):
    """Jinja's new-style `ngettext` over a bound lookup (`num` defaults to the count)."""

    @pass_eval_context
    def ngettext(eval_context, singular: str, plural: str, num: int, /, **variables):
        variables.setdefault("num", num)
        text = lookup(singular, plural, num)
        if eval_context.autoescape:
            text = Markup(text)
        return text % variables

    return ngettext


def format_moment(value, format: str | None = None) -> str:
    """A date and time for pages: Babel's medium date and short time in the page's language
    (`3 déc. 2026, 15:29`), never the ambiguous short date (`12/3/26`); other formats as
    Babel's."""
    if format in (None, "short", "medium"):
        return f"{format_date(value, 'medium')}, {format_time(value, 'short')}"
    return format_datetime(value, format)
