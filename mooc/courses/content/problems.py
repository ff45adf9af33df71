"""Content problems: a stable code, a place (file and line) and a translated message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

ERROR = "error"
WARNING = "warning"

# code: (severity, message). Messages say what is wrong and what to do about it.
MESSAGES: dict[str, tuple[str, Any]] = {
    "encoding": (ERROR, _l("the file is not valid UTF-8 (byte %(offset)s); save it as UTF-8")),
    "front-matter-missing": (
        ERROR,
        _l("the file must start with front matter: a line '---', 'key: value' lines, a line '---'"),
    ),
    "front-matter-unclosed": (
        ERROR,
        _l("the front matter is never closed; add a line '---' after its last key"),
    ),
    "yaml": (
        ERROR,
        _l(
            "the front matter is not valid YAML (%(detail)s); check indentation, "
            "and put values that contain ':' or '#' in quotes"
        ),
    ),
    "front-matter-not-mapping": (
        ERROR,
        _l("the front matter must be 'key: value' lines"),
    ),
    "unknown-key": (
        ERROR,
        _l("unknown key '%(key)s'%(hint)s; allowed keys here: %(allowed)s"),
    ),
    "missing-key": (
        ERROR,
        _l("the required key '%(key)s' is missing; add '%(key)s: …' to the front matter"),
    ),
    "bad-value": (ERROR, _l("'%(key)s' must be %(expected)s (found %(value)s)")),
    "translation-key": (
        ERROR,
        _l(
            "a translation may only set %(allowed)s; move '%(key)s' to the default-language "
            "file %(twin)s"
        ),
    ),
    "bad-id": (
        ERROR,
        _l(
            "the id '%(id)s' is not valid: use lowercase letters, digits and dashes only "
            "(rename the file or folder, or set 'id:' in the front matter)"
        ),
    ),
    "duplicate-id": (
        ERROR,
        _l("the %(kind)s id '%(id)s' is already used by %(other)s; give one of them another id"),
    ),
    "translation-without-original": (
        ERROR,
        _l(
            "this '%(locale)s' translation has no default-language file %(twin)s; "
            "add that file or fix this file's name"
        ),
    ),
    "translation-id-mismatch": (
        ERROR,
        _l(
            "this translation says id '%(id)s' but %(twin)s has id '%(twin_id)s'; "
            "remove 'id' from the translation"
        ),
    ),
    "translation-of-default": (
        ERROR,
        _l(
            "'%(locale)s' is the course's default language, so this file duplicates %(twin)s; "
            "merge the two and delete this one"
        ),
    ),
    "unknown-language": (
        ERROR,
        _l(
            "'%(locale)s' is not one of the course's languages (%(languages)s); "
            "add it to 'languages' in course.md or rename this file"
        ),
    ),
    "no-courses-folder": (
        ERROR,
        _l("the content folder has no 'courses' folder; put each course in courses/<NN-slug>/"),
    ),
    "missing-course-file": (
        ERROR,
        _l("this course folder has no course.md; add one with a title and a summary"),
    ),
    "missing-module-file": (
        ERROR,
        _l("this module folder has no module.md; add one with a title"),
    ),
    "unexpected-markdown": (
        ERROR,
        _l(
            "this Markdown file is not part of the format here (%(where)s); move it, "
            "or start its name with '_' to keep it as a note"
        ),
    ),
    "path-unknown-course": (
        ERROR,
        _l("the path lists the course '%(id)s', which is not in the content tree"),
    ),
    "path-duplicate-course": (
        ERROR,
        _l("the path lists the course '%(id)s' twice; keep it once"),
    ),
    "link-outside-course": (
        ERROR,
        _l(
            "'%(target)s' leaves the course folder; images and links must point into this "
            "course's media/ folder or to its lessons"
        ),
    ),
    "link-missing": (
        ERROR,
        _l("'%(target)s' does not exist (looked for %(resolved)s); check the file name"),
    ),
    "link-not-lesson": (
        ERROR,
        _l(
            "'%(target)s' is neither a file in media/ nor a lesson of this course; "
            "move the file into media/"
        ),
    ),
    "quiz-no-questions": (
        ERROR,
        _l("the quiz has no questions; start each question with a '## ' heading"),
    ),
    "question-empty-title": (
        ERROR,
        _l("question %(id)s has an empty heading; write the question after '## '"),
    ),
    "question-bad-id": (
        ERROR,
        _l(
            "the question id '%(id)s' is not valid: use lowercase letters, digits and dashes "
            "in '{#…}'"
        ),
    ),
    "question-duplicate-id": (
        ERROR,
        _l("the question id '%(id)s' is used twice in this quiz; make each '{#…}' unique"),
    ),
    "question-no-answers": (
        ERROR,
        _l(
            "question '%(id)s' has no choices ('- [ ]' / '- [x]' lines) and no answers "
            "('= …' lines); add one or the other"
        ),
    ),
    "question-mixed": (
        ERROR,
        _l("question '%(id)s' has both choices and '=' answers; keep only one kind"),
    ),
    "question-two-lists": (
        ERROR,
        _l("question '%(id)s' has more than one list of choices; merge them into one list"),
    ),
    "question-mixed-list": (
        ERROR,
        _l("in question '%(id)s' every item of the list of choices must start with '[ ]' or '[x]'"),
    ),
    "question-no-correct": (
        ERROR,
        _l("question '%(id)s' has no correct choice; mark at least one with '- [x]'"),
    ),
    "option-empty": (
        ERROR,
        _l("question '%(id)s' has an empty choice; write its text after '[ ]' or '[x]'"),
    ),
    "question-one-option": (
        ERROR,
        _l("question '%(id)s' has only one choice; give at least two"),
    ),
    "question-answer-lines": (
        ERROR,
        _l(
            "in question '%(id)s' the '= …' answer lines are mixed with text; put a blank "
            "line before the first '=' line"
        ),
    ),
    "question-empty-answer": (
        ERROR,
        _l("question '%(id)s' has an '=' line with no answer after it"),
    ),
    "question-content-after": (
        ERROR,
        _l(
            "question '%(id)s' has text after its answers; only an explanation in a block "
            "quote ('> …') may follow them"
        ),
    ),
    "quiz-translation-count": (
        ERROR,
        _l(
            "this translation has %(count)s questions but %(twin)s has %(twin_count)s; "
            "translate every question, in the same order"
        ),
    ),
    "quiz-translation-question": (
        ERROR,
        _l(
            "question %(position)s is '%(id)s' here but '%(twin_id)s' in %(twin)s; "
            "keep the same questions, ids and order"
        ),
    ),
    "quiz-translation-options": (
        ERROR,
        _l(
            "question '%(id)s' differs from %(twin)s (%(what)s); a translation keeps the same "
            "number of choices and the same correct ones"
        ),
    ),
    "missing-translation": (
        WARNING,
        _l(
            "no '%(locale)s' translation (%(expected)s); learners reading in '%(locale)s' "
            "will see the default-language version"
        ),
    ),
    "image-no-alt": (
        WARNING,
        _l(
            "the image '%(target)s' has no alt text; describe it between the brackets: "
            "![description](…)"
        ),
    ),
    "empty-lesson": (WARNING, _l("the lesson has no text; write its body below the front matter")),
    "question-no-feedback": (
        WARNING,
        _l(
            "question '%(id)s' has no explanation ('> …') and not every choice has feedback; "
            "learners who get it wrong will not learn why"
        ),
    ),
    "ignored-file": (
        WARNING,
        _l(
            "'%(name)s' is not part of the content format and is ignored; put files in media/ "
            "or start the name with '_'"
        ),
    ),
}


@dataclass(frozen=True)
class Problem:
    """One problem of the content tree, at a file (relative to the tree) and a line."""

    path: str
    line: int
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def severity(self) -> str:
        """`error` or `warning`, fixed by the code."""
        return MESSAGES[self.code][0]

    @property
    def is_error(self) -> bool:
        """True when the problem blocks a sync."""
        return self.severity == ERROR

    @property
    def message(self) -> str:
        """The message in the current locale."""
        return str(MESSAGES[self.code][1]) % self.params

    def format(self, prefix: str = "") -> str:
        """`path:line: error|warning: message`, the path joined to `prefix`."""
        path = f"{prefix.rstrip('/')}/{self.path}" if prefix else self.path
        severity = str(SEVERITY_LABELS[self.severity])
        return f"{path}:{self.line}: {severity}: {self.message}"

    def to_json(self) -> list[Any]:
        """Compact form stored in the sync cache."""
        return [self.line, self.code, self.params]


# The words `error` and `warning` stay in English so that editors can parse the lines.
SEVERITY_LABELS = {ERROR: "error", WARNING: "warning"}


class ContentError(Exception):
    """Raised by a parser when its input breaks the content format; holds every problem."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.line}: {p.code}" for p in problems))
        self.problems = problems
