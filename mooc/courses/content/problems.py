"""Content problems: a stable code, a place (file and line) and a translated message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mooc.assignments.messages import ASSIGNMENT_MESSAGES
from mooc.courses.content.messages import BLOCK_MESSAGES, FILE_MESSAGES
from mooc.courses.content.severity import ERROR, WARNING
from mooc.quizzes.messages import QUIZ_MESSAGES

# code: (severity, message). Messages say what is wrong and what to do about it.
MESSAGES: dict[str, tuple[str, Any]] = {
    **FILE_MESSAGES,
    **BLOCK_MESSAGES,
    **QUIZ_MESSAGES,
    **ASSIGNMENT_MESSAGES,
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
