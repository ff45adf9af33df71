"""What a sync does to learners: for every item archived, restored or changed in a way learners
notice, how many learners have work on it and what happens to that work, in plain words.

`snapshot()` reads the live structure before the sync writes; `effects(before, report)` compares
it with the rows the sync flushed, then counts learners with the functions of `LEARNER_WORK`.
Each kind of learner work (lessons done, quiz attempts, and later reflection answers or
assignment submissions) is one `Work`: a function counting learners per item and one sentence
per change. A feature adds its own with `learner_work(...)` (see docs/authoring.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from mooc.courses.content.report import SyncReport
from mooc.courses.models import (
    Course,
    CourseTranslation,
    Enrolment,
    Lesson,
    LessonProgress,
    LessonTranslation,
    Module,
    ReflectionPrompt,
)
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt

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
class Work:
    """One kind of learner work: `count(lesson_ids)` gives {lesson id: learners with such work};
    `says[change](n)` the sentence for n learners (changes it has no sentence for: not shown)."""

    name: str
    kinds: tuple[str, ...]
    count: Callable[[list[int]], dict[int, int]]
    says: dict[str, Callable[[int], str]]


LEARNER_WORK: list[Work] = []


def learner_work(name: str, kinds: tuple[str, ...], says: dict[str, Callable[[int], str]]):
    """Decorator: register a counting function as a kind of learner work."""

    def register(count: Callable[[list[int]], dict[int, int]]):
        LEARNER_WORK.append(Work(name, kinds, count, says))
        return count

    return register


def learners_by_lesson(column_user, column_lesson, lesson_ids: list[int], *where) -> dict:
    """{lesson id: distinct learners} of a table with a user and a lesson column."""
    if not lesson_ids:
        return {}
    query = (
        select(column_lesson, func.count(func.distinct(column_user)))
        .where(column_lesson.in_(lesson_ids), *where)
        .group_by(column_lesson)
    )
    return dict(db.session.execute(query).all())


@learner_work(
    "progress",
    ("lesson",),
    {
        "archived": lambda n: ngettext(
            "%(num)d learner completed this lesson; their progress is kept and comes back if "
            "it returns.",
            "%(num)d learners completed this lesson; their progress is kept and comes back if "
            "it returns.",
            n,
        ),
        "restored": lambda n: ngettext(
            "%(num)d learner completed this lesson before it was archived; it counts again.",
            "%(num)d learners completed this lesson before it was archived; it counts again.",
            n,
        ),
    },
)
def lessons_done(lesson_ids: list[int]) -> dict[int, int]:
    """Learners who marked each lesson as done."""
    return learners_by_lesson(LessonProgress.user_id, LessonProgress.lesson_id, lesson_ids)


@learner_work(
    "attempts",
    ("quiz",),
    {
        "archived": lambda n: ngettext(
            "%(num)d learner took this quiz; the attempts and scores are kept, and a "
            "completion or certificate earned with them stays.",
            "%(num)d learners took this quiz; their attempts and scores are kept, and a "
            "completion or certificate earned with them stays.",
            n,
        ),
        "restored": lambda n: ngettext(
            "%(num)d learner took this quiz before it was archived; the attempts count again.",
            "%(num)d learners took this quiz before it was archived; their attempts count again.",
            n,
        ),
        "answers": lambda n: ngettext(
            "%(num)d learner has graded attempts; the scores stay as graded (no regrade), and "
            "new attempts are graded with the new answers.",
            "%(num)d learners have graded attempts; their scores stay as graded (no regrade), "
            "and new attempts are graded with the new answers.",
            n,
        ),
        "questions": lambda n: ngettext(
            "%(num)d learner has graded attempts; the scores stay as they are; the learner "
            "sees the new wording.",
            "%(num)d learners have graded attempts; their scores stay as they are; they see "
            "the new wording.",
            n,
        ),
    },
)
def quizzes_taken(lesson_ids: list[int]) -> dict[int, int]:
    """Learners with at least one graded attempt at each quiz."""
    return learners_by_lesson(QuizAttempt.user_id, QuizAttempt.lesson_id, lesson_ids)


def table(name: str):
    """A table of another feature by its name, if this app has it (read with Core: courses do
    not import that feature), else None."""
    return db.metadata.tables.get(name)


@learner_work(
    "submissions",
    ("assignment",),
    {
        "archived": lambda n: ngettext(
            "%(num)d learner handed in work; the submission, its reviews and its grade are kept.",
            "%(num)d learners handed in work; their submissions, reviews and grades are kept.",
            n,
        ),
        "restored": lambda n: ngettext(
            "%(num)d learner handed in work before it was archived; it counts again.",
            "%(num)d learners handed in work before it was archived; it counts again.",
            n,
        ),
        "rubric-points": lambda n: ngettext(
            "%(num)d learner handed in work; grades already given stay as given.",
            "%(num)d learners handed in work; grades already given stay as given.",
            n,
        ),
        "rubric-wording": lambda n: ngettext(
            "%(num)d learner handed in work; it is kept, and reviewers see the new wording.",
            "%(num)d learners handed in work; it is kept, and reviewers see the new wording.",
            n,
        ),
    },
)
def submissions(lesson_ids: list[int]) -> dict[int, int]:
    """Learners who handed in each assignment (the assignments feature's `submissions`)."""
    found = table("submissions")
    if found is None:
        return {}
    return learners_by_lesson(found.c.user_id, found.c.lesson_id, lesson_ids)


@learner_work(
    "reflections",
    ("lesson", "quiz", "assignment"),
    {
        "archived": lambda n: ngettext(
            "%(num)d learner answered its reflections; the answers are kept by their ids.",
            "%(num)d learners answered its reflections; their answers are kept by their ids.",
            n,
        ),
        "restored": lambda n: ngettext(
            "%(num)d learner answered its reflections before it was archived; they show again.",
            "%(num)d learners answered its reflections before it was archived; they show again.",
            n,
        ),
    },
)
def reflections(lesson_ids: list[int]) -> dict[int, int]:
    """Learners who answered a reflection prompt of each item (`reflection_answers`)."""
    answers = table("reflection_answers")
    if answers is None or not lesson_ids:
        return {}
    query = (
        select(ReflectionPrompt.lesson_id, func.count(func.distinct(answers.c.user_id)))
        .join(ReflectionPrompt, ReflectionPrompt.id == answers.c.prompt_id)
        .where(ReflectionPrompt.lesson_id.in_(lesson_ids))
        .group_by(ReflectionPrompt.lesson_id)
    )
    return dict(db.session.execute(query).all())


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


@dataclass(frozen=True)
class ItemRow:
    """An item as the snapshot sees it."""

    id: int
    course_id: int
    slug: str
    kind: str
    module_id: int
    required: bool
    live: bool


@dataclass
class Snapshot:
    """The live structure before a sync: courses, modules, items."""

    courses: dict[int, tuple[str, bool, bool]]  # id -> (slug, sequential, live)
    modules: dict[int, tuple[int, str, int, bool]]  # id -> (course, slug, position, live)
    items: dict[int, ItemRow]


def snapshot_of(courses, modules, lessons) -> Snapshot:
    """The structure from rows already loaded (the sync's, before it writes: no query)."""
    return Snapshot(
        {row.id: (row.slug, row.sequential, row.archived_at is None) for row in courses},
        {
            row.id: (row.course_id, row.slug, row.position, row.archived_at is None)
            for row in modules
        },
        {
            row.id: ItemRow(
                row.id,
                row.course_id,
                row.slug,
                row.kind,
                row.module_id,
                bool(row.required),
                row.archived_at is None,
            )
            for row in lessons
        },
    )


def snapshot() -> Snapshot:
    """Read the structure (three light queries)."""
    courses = {
        row.id: (row.slug, row.sequential, row.archived_at is None)
        for row in db.session.execute(
            select(Course.id, Course.slug, Course.sequential, Course.archived_at)
        )
    }
    modules = {
        row.id: (row.course_id, row.slug, row.position, row.archived_at is None)
        for row in db.session.execute(
            select(Module.id, Module.course_id, Module.slug, Module.position, Module.archived_at)
        )
    }
    columns = (Lesson.id, Lesson.course_id, Lesson.slug, Lesson.kind, Lesson.module_id)
    items = {
        row.id: ItemRow(*row[:5], bool(row.required), row.archived_at is None)
        for row in db.session.execute(select(*columns, Lesson.required, Lesson.archived_at))
    }
    return Snapshot(courses, modules, items)


def effects(before: Snapshot | None, report: SyncReport) -> list[Effect]:
    """Compare the snapshot with the flushed rows; count the learners each change touches.
    A sync that changes nothing has no effect and costs no query here."""
    if before is None or not report.changed:
        return []
    after = snapshot()
    found: list[tuple[ItemRow, str]] = []
    for item_id, old in before.items.items():
        new = after.items.get(item_id)
        if new is None:
            continue
        old_live = old.live and before.courses[old.course_id][2]
        new_live = new.live and after.courses[new.course_id][2]
        if old_live and not new_live:
            found.append((new, "archived"))
        elif new_live and not old_live:
            found.append((new, "restored"))
        elif new_live and new.required and not old.required:
            found.append((new, "required"))
    for item_id, new in after.items.items():
        if (
            item_id not in before.items
            and new.required
            and new.live
            and new.course_id in before.courses
        ):
            found.append((new, "new-required"))
    by_slug = {(after.courses[i.course_id][0], i.slug): i for i in after.items.values()}
    for key, change in report.quizzes.items():
        item = by_slug.get(key)
        if item is not None and item.live and (change.key_changed or change.wording_changed):
            found.append((item, "answers" if change.key_changed else "questions"))
    for key, change in report.rubrics.items():
        item = by_slug.get(key)
        if item is None or change.created or not item.live:
            continue
        if change.structure_changed or change.wording_changed:
            found.append((item, "rubric-points" if change.structure_changed else "rubric-wording"))
    result = [count_item(item, change, after) for item, change in found]
    result.extend(lock_effects(before, after))
    titles = titles_of([e for e in result if e.kind != "course"], after)
    titles.update(course_titles({e.course for e in result if e.kind == "course"}))
    for effect in result:
        effect.title = titles.get((effect.course, effect.slug), effect.title)
    return sorted(result, key=lambda e: (e.course, e.change, e.slug))


def count_item(item: ItemRow, change: str, after: Snapshot) -> Effect:
    """The effect of `change` on one item, with the learners of every kind of work on it."""
    effect = Effect(after.courses[item.course_id][0], item.slug, item.kind, change, item_id=item.id)
    for work in LEARNER_WORK:
        if item.kind in work.kinds and change in work.says:
            number = work.count([item.id]).get(item.id, 0)
            if number:
                effect.counts[work.name] = number
    if change in ("required", "new-required"):
        effect.counts.update(waiting_and_completed(item))
    return effect


def waiting_and_completed(item: ItemRow) -> dict[str, int]:
    """Enrolled learners who have not finished an item that becomes required, and learners
    whose completion of the course is stamped (they keep it)."""
    enrolled = db.session.execute(
        select(Enrolment.user_id, Enrolment.completed_at).where(
            Enrolment.course_id == item.course_id
        )
    ).all()
    finished = finished_by(item.course_id, item.id).get(item.id, set())
    counts = {
        "waiting": sum(1 for u, stamp in enrolled if stamp is None and u not in finished),
        "completed": sum(1 for _u, stamp in enrolled if stamp is not None),
    }
    return {name: number for name, number in counts.items() if number}


def finished_by(course_id: int, item_id: int | None = None) -> dict[int, set[int]]:
    """{item id: learners who finished it} in a course (or of one item): lessons done, quizzes
    passed (the rule of `courses.progress.finished_item`; an assignment is not finished yet)."""
    found: dict[int, set[int]] = {}
    one = (Lesson.id == item_id,) if item_id is not None else ()
    done = (
        select(LessonProgress.lesson_id, LessonProgress.user_id)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(Lesson.course_id == course_id, Lesson.kind == "lesson", *one)
    )
    passed = (
        select(QuizAttempt.lesson_id, QuizAttempt.user_id)
        .join(Lesson, Lesson.id == QuizAttempt.lesson_id)
        .where(Lesson.course_id == course_id, QuizAttempt.passed.is_(True), *one)
    )
    for query in (done, passed):
        for lesson_id, user_id in db.session.execute(query):
            found.setdefault(lesson_id, set()).add(user_id)
    return found


def structure(snap: Snapshot, course_id: int) -> list[tuple[str, list[tuple[int, bool]]]]:
    """A course's live modules in order, each with its live items (id, required)."""
    modules = sorted(
        (position, slug, module_id)
        for module_id, (course, slug, position, live) in snap.modules.items()
        if course == course_id and live
    )
    items: dict[int, list[tuple[int, bool]]] = {}
    for item in sorted(snap.items.values(), key=lambda i: i.id):
        if item.course_id == course_id and item.live:
            items.setdefault(item.module_id, []).append((item.id, item.required))
    return [(slug, items.get(module_id, [])) for _position, slug, module_id in modules]


def open_modules(layout, finished: set[int]) -> set[str]:
    """The modules a learner may open in a sequential course: each one until the first
    module with a required item she has not finished, that one included."""
    found = set()
    for slug, items in layout:
        found.add(slug)
        if any(required and item_id not in finished for item_id, required in items):
            break
    return found


def lock_effects(before: Snapshot, after: Snapshot) -> list[Effect]:
    """Sequential courses whose module order or required items change: learners (not yet
    completed) who would find locked a module open to them before the sync."""
    found = []
    for course_id, (slug, sequential, live) in after.courses.items():
        if not (sequential and live) or course_id not in before.courses:
            continue
        old, new = structure(before, course_id), structure(after, course_id)
        if old == new:
            continue
        finished = finished_by(course_id)
        per_learner: dict[int, set[int]] = {}
        for item_id, users in finished.items():
            for user_id in users:
                per_learner.setdefault(user_id, set()).add(item_id)
        learners = db.session.scalars(
            select(Enrolment.user_id).where(
                Enrolment.course_id == course_id, Enrolment.completed_at.is_(None)
            )
        )
        locked = 0
        for user_id in learners:
            done = per_learner.get(user_id, set())
            lost = (open_modules(old, done) & {s for s, _i in new}) - open_modules(new, done)
            locked += bool(lost)
        if locked:
            found.append(Effect(slug, slug, "course", "locks", counts={"locked": locked}))
    return found


def titles_of(found: list[Effect], after: Snapshot) -> dict[tuple[str, str], str]:
    """Each item's title in its course's language (one query)."""
    ids = [e.item_id for e in found if e.item_id is not None]
    if not ids:
        return {}
    query = (
        select(Course.slug, Lesson.slug, LessonTranslation.title)
        .join(Lesson, Lesson.id == LessonTranslation.lesson_id)
        .join(Course, Course.id == Lesson.course_id)
        .where(Lesson.id.in_(ids), LessonTranslation.locale == Course.language)
    )
    return {(course, slug): title for course, slug, title in db.session.execute(query)}


def course_titles(slugs: set[str]) -> dict[tuple[str, str], str]:
    """Each course's title in its own language (one query, none without courses)."""
    if not slugs:
        return {}
    query = (
        select(Course.slug, CourseTranslation.title)
        .join(CourseTranslation, CourseTranslation.course_id == Course.id)
        .where(Course.slug.in_(slugs), CourseTranslation.locale == Course.language)
    )
    return {(slug, slug): title for slug, title in db.session.execute(query)}


def describe(found: list[Effect]) -> list[str]:
    """The dry run's lines: a heading per effect, then its sentences, indented."""
    lines = []
    for effect in found:
        lines.append(effect.heading)
        lines.extend(f"  {sentence}" for sentence in effect.sentences)
    return lines
