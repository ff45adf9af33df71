"""Front matter rules: which keys each kind of file takes, and what their values must be."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l

from mooc.courses.content.problems import Problem
from mooc.courses.content.scan import Entry

VALID_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LOCALE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")
DEFAULT_CERTIFICATE = {"min_average": 70, "require_all_lessons": True, "require_assignments": False}
REVIEW = ("after-pass", "always", "never")

KEYS: dict[str, dict[str, bool]] = {  # key: required
    "course": {
        "id": False,
        "title": True,
        "summary": True,
        "languages": False,
        "language": False,
        "hours": False,
        "status": False,
        "sequential": False,
        "certificate": False,
    },
    "module": {"id": False, "title": True, "summary": False},
    "lesson": {"id": False, "type": False, "title": True, "minutes": False, "required": False},
    "quiz": {
        "id": False,
        "type": True,
        "title": True,
        "pass_mark": False,
        "max_attempts": False,
        "shuffle": False,
        "draw": False,
        "review": False,
        "minutes": False,
        "required": False,
    },
    "assignment": {
        "id": False,
        "type": True,
        "title": True,
        "reviews": False,
        "pass_mark": False,
        "max_words": False,
        "required": False,
        "minutes": False,
    },
    "path": {"id": False, "title": True, "summary": True, "courses": True, "sequential": False},
}
TRANSLATABLE = {
    "course": ("title", "summary"),
    "module": ("title", "summary"),
    "lesson": ("title",),
    "quiz": ("title",),
    "assignment": ("title",),
    "path": ("title", "summary"),
}


def kind_of(entry: Entry) -> str:
    """The kind of a default-language file: course, module, lesson, quiz, assignment or path."""
    if entry.role == "item":
        kind = entry.front_matter.get("type")
        return kind if kind in ("quiz", "assignment") else "lesson"
    return entry.role


class Checker:
    """Checks values of one file's front matter, recording problems with their lines."""

    def __init__(self, entry: Entry, problems: list[Problem]):
        self.entry = entry
        self.fm = entry.front_matter
        self.problems = problems

    def problem(self, at: str, code: str, **params: Any) -> None:
        """Record a problem on the line that sets the key `at`."""
        self.problems.append(Problem(self.entry.path, self.entry.line_of(at), code, params))

    def keys(self, kind: str) -> None:
        """Unknown keys and missing required keys."""
        allowed = KEYS[kind]
        for key in self.fm:
            if key not in allowed:
                close = difflib.get_close_matches(key, list(allowed), n=1)
                hint = str(_l(" (did you mean '%(key)s'?)")) % {"key": close[0]} if close else ""
                self.problem(key, "unknown-key", key=key, hint=hint, allowed=", ".join(allowed))
        for key, required in allowed.items():
            if required and key not in self.fm:
                self.problems.append(Problem(self.entry.path, 1, "missing-key", {"key": key}))

    def value(self, key: str, default: Any, valid: Callable[[Any], bool], expected: Any) -> Any:
        """The value of `key` if it passes `valid`, else `default` (with a problem)."""
        if key not in self.fm:
            return default
        value = self.fm[key]
        if valid(value):
            return value
        self.problem(key, "bad-value", key=key, expected=expected, value=repr(value))
        return default

    def text(self, key: str) -> str:
        """A non-empty one-line text (title, summary)."""
        return self.value(key, "", lambda v: isinstance(v, str) and v.strip(), _l("some text"))

    def flag(self, key: str, default: bool) -> bool:
        """A boolean: true or false."""
        return self.value(key, default, lambda v: isinstance(v, bool), _l("true or false"))

    def number(self, key: str, low: float, high: float, integer: bool = False) -> Any:
        """A number within [low, high]."""
        expected = (
            _l("a whole number from %(low)s to %(high)s")
            if integer
            else _l("a number from %(low)s to %(high)s")
        )

        def valid(v: Any) -> bool:
            kinds = (int,) if integer else (int, float)
            return isinstance(v, kinds) and not isinstance(v, bool) and low <= v <= high

        return self.value(key, None, valid, str(expected) % {"low": low, "high": high})

    def ident(self, fallback: str) -> str:
        """The id: front matter `id`, else the file or folder name without `NN-`."""
        value = self.fm.get("id", fallback)
        ident = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
        if not VALID_ID.match(ident):
            line = self.entry.line_of("id") if "id" in self.fm else 1
            self.problems.append(Problem(self.entry.path, line, "bad-id", {"id": value}))
        return ident


def course_settings(check: Checker) -> dict[str, Any]:
    """Validate course.md and return its settings."""
    language = check.value(
        "language", "en", lambda v: isinstance(v, str) and LOCALE.match(v), _l("a language code")
    )
    languages = check.value(
        "languages",
        [language],
        lambda v: (
            isinstance(v, list)
            and v
            and all(isinstance(x, str) and LOCALE.match(x) for x in v)
            and len(set(v)) == len(v)
        ),
        _l("a list of distinct language codes, such as [en, fr, es]"),
    )
    if language not in languages:
        check.problem(
            "languages",
            "bad-value",
            key="languages",
            expected=str(_l("a list that includes the default language '%(lang)s'"))
            % {"lang": language},
            value=repr(languages),
        )
        languages = [language, *languages]
    certificate = check.value(
        "certificate",
        True,
        lambda v: (
            isinstance(v, bool)
            or (
                isinstance(v, dict)
                and set(v) <= set(DEFAULT_CERTIFICATE)
                and _number_ok(v.get("min_average", 70))
                and isinstance(v.get("require_all_lessons", True), bool)
                and isinstance(v.get("require_assignments", False), bool)
            )
        ),
        _l(
            "false, or {min_average: 0 to 100, require_all_lessons: true or false, "
            "require_assignments: true or false}"
        ),
    )
    if certificate is True:
        certificate = dict(DEFAULT_CERTIFICATE)
    elif isinstance(certificate, dict):
        certificate = {**DEFAULT_CERTIFICATE, **certificate}
    else:
        certificate = None
    return {
        "title": check.text("title"),
        "summary": check.text("summary"),
        "language": language,
        "languages": languages,
        "hours": check.number("hours", 0, 10000),
        "status": check.value(
            "status",
            "published",
            lambda v: v in ("published", "draft"),
            _l("published or draft"),
        ),
        "sequential": check.flag("sequential", False),
        "certificate": certificate,
    }


def _number_ok(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 100


def item_settings(check: Checker, kind: str) -> dict[str, Any]:
    """Validate a lesson's, a quiz's or an assignment's front matter and return its settings.

    Settings a kind does not take are None (`draw` is checked against the questions later)."""
    check.value(
        "type",
        None,
        lambda v: v in ("quiz", "lesson", "assignment"),
        _l("quiz, assignment or lesson"),
    )
    settings = dict.fromkeys(
        ("pass_mark", "max_attempts", "shuffle", "draw", "review", "reviews", "max_words")
    )
    settings.update(
        title=check.text("title"),
        minutes=check.number("minutes", 1, 10000, integer=True),
        required=check.flag("required", True),
    )
    if kind in ("quiz", "assignment"):
        pass_mark = check.number("pass_mark", 0, 100)
        settings["pass_mark"] = (70 if kind == "quiz" else 60) if pass_mark is None else pass_mark
    if kind == "quiz":
        settings["max_attempts"] = check.number("max_attempts", 1, 1000, integer=True)
        settings["shuffle"] = check.flag("shuffle", True)
        settings["draw"] = check.value(
            "draw",
            None,
            lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
            _l("a whole number from 1 to the number of questions"),
        )
        settings["review"] = check.value(
            "review", "after-pass", lambda v: v in REVIEW, _l("after-pass, always or never")
        )
    elif kind == "assignment":
        reviews = check.number("reviews", 0, 20, integer=True)
        settings["reviews"] = 2 if reviews is None else reviews
        max_words = check.number("max_words", 1, 100000, integer=True)
        settings["max_words"] = 2000 if max_words is None else max_words
    return settings


def path_settings(check: Checker) -> dict[str, Any]:
    """Validate a learning path's front matter and return its settings."""
    courses = check.value(
        "courses",
        [],
        lambda v: isinstance(v, list) and v and all(isinstance(x, str) for x in v),
        _l("a list of course ids, such as [human-rights-cities]"),
    )
    return {
        "title": check.text("title"),
        "summary": check.text("summary"),
        "sequential": check.flag("sequential", False),
        "courses": courses,
    }


def translation_keys(entry: Entry, kind: str, twin: Entry, problems: list[Problem]) -> None:
    """A translation carries only its translatable keys (and, at most, the same id)."""
    allowed = TRANSLATABLE[kind]
    for key in entry.front_matter:
        if key == "id" or key in allowed:
            continue
        problems.append(
            Problem(
                entry.path,
                entry.line_of(key),
                "translation-key",
                {"key": key, "allowed": ", ".join(allowed), "twin": twin.path},
            )
        )
    check = Checker(entry, problems)
    if "title" not in entry.front_matter:
        problems.append(Problem(entry.path, 1, "missing-key", {"key": "title"}))
    for key in allowed:
        if key in entry.front_matter:
            check.text(key)
