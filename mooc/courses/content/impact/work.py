"""The kinds of learner work a change can touch, each counted per item: `LEARNER_WORK`.

Each kind (lessons done, quiz attempts, assignment submissions, reflection answers) is one
`Work`: a function counting learners per item, registered with `@learner_work(name, kinds,
says)`, and one sentence per change it has something to say about. Another feature's table is
read here by its name (Core, `table`), not by importing the feature (see docs/authoring.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import ngettext
from sqlalchemy import func, select

from mooc.courses.models import LessonProgress, ReflectionPrompt
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt


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
