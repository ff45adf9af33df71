"""One effect of a sync on learners (`Effect`: an item archived, restored or changed, and the
learners it touches) and how the dry run says it, in the reader's language (`describe`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from mooc.courses.content.impact.work import LEARNER_WORK

# What a change is, as the dry run's heading says it.
CHANGES = {
    "archived": _l("is archived (its file is gone)"),
    "restored": _l("comes back (it was archived)"),
    "answers": _l("questions, options or correct answers change"),
    "questions": _l("questions are reworded"),
    "rubric-points": _l("rubric criteria or points change"),
    "rubric-wording": _l("rubric is reworded"),
    "required": _l("becomes required"),
    "new-required": _l("is new and required"),
    "locks": _l("a module moves: what is locked changes"),
}
KIND_NAMES = {
    "lesson": _l("Lesson"),
    "quiz": _l("Quiz"),
    "assignment": _l("Assignment"),
    "course": _l("Course"),
}


@dataclass
class Effect:
    """One item (or course) that a sync archives, restores or changes, and the learners it
    touches: `counts` maps a kind of work (or `waiting`, `completed`, `locked`) to learners."""

    course: str
    slug: str
    kind: str
    change: str
    title: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    item_id: int | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        """Plain data, kept in the sync's history and rendered in the reader's language."""
        return {
            "course": self.course,
            "slug": self.slug,
            "kind": self.kind,
            "change": self.change,
            "title": self.title,
            "counts": self.counts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Effect:
        """The effect kept by `to_json`."""
        return cls(**data)

    @property
    def heading(self) -> str:
        """`Quiz “Check” (demo/check): questions, options or correct answers change`."""
        return gettext("%(kind)s “%(title)s” (%(course)s/%(slug)s): %(change)s") % {
            "kind": KIND_NAMES.get(self.kind, self.kind),
            "title": self.title or self.slug,
            "course": self.course,
            "slug": self.slug,
            "change": CHANGES[self.change],
        }

    @property
    def sentences(self) -> list[str]:
        """What happens to the learners, one sentence per kind of work they have."""
        found = []
        for work in LEARNER_WORK:
            number = self.counts.get(work.name, 0)
            if number and self.change in work.says:
                found.append(work.says[self.change](number))
        for name, say in COURSE_SENTENCES.items():
            number = self.counts.get(name, 0)
            if number and (self.change, name) in COURSE_CHANGES:
                found.append(say(number))
        if not found:
            found.append(gettext("No learner has worked on it yet: nobody is affected."))
        return found


COURSE_CHANGES = {
    ("required", "waiting"),
    ("required", "completed"),
    ("new-required", "waiting"),
    ("new-required", "completed"),
    ("locks", "locked"),
}
COURSE_SENTENCES: dict[str, Callable[[int], str]] = {
    "waiting": lambda n: ngettext(
        "%(num)d enrolled learner has not done it yet and now needs it to complete the course.",
        "%(num)d enrolled learners have not done it yet and now need it to complete the course.",
        n,
    ),
    "completed": lambda n: ngettext(
        "%(num)d learner who completed the course keeps the completion and the certificate.",
        "%(num)d learners who completed the course keep their completion and certificates.",
        n,
    ),
    "locked": lambda n: ngettext(
        "%(num)d learner would find a module locked that is open now; the progress in it is "
        "kept and counts again once the modules before it are complete.",
        "%(num)d learners would find a module locked that is open to them now; their progress "
        "in it is kept and counts again once the modules before it are complete.",
        n,
    ),
}


def describe(found: list[Effect]) -> list[str]:
    """The dry run's lines: a heading per effect, then its sentences, indented."""
    lines = []
    for effect in found:
        lines.append(effect.heading)
        lines.extend(f"  {sentence}" for sentence in effect.sentences)
    return lines
