"""What a reader sees of an assignment's rubric, read only, in her language."""

from __future__ import annotations

from dataclasses import dataclass, field

from mooc.assignments.models import Criterion, CriterionTranslation
from mooc.courses.links import expand
from mooc.courses.models import Lesson
from mooc.courses.outlines import with_texts


@dataclass
class LevelText:
    """One level of a criterion: its points and its description."""

    points: int
    html: str


@dataclass
class CriterionText:
    """A live criterion with its texts in the reader's language (links expanded)."""

    criterion: Criterion
    title_html: str
    body_html: str = ""
    levels: list[LevelText] = field(default_factory=list)
    locale: str = ""

    @property
    def max_points(self) -> int:
        """The points of the best level."""
        return self.criterion.max_points


def rubric(lesson: Lesson, locale: str, default: str) -> list[CriterionText]:
    """The assignment's live criteria in order (one query), texts in `locale` else `default`."""
    rows = with_texts(
        Criterion,
        CriterionTranslation,
        "criterion_id",
        (Criterion.lesson_id == lesson.id, Criterion.archived_at.is_(None)),
        (Criterion.position,),
        (locale, default),
    )
    found = []
    for criterion, texts in rows:
        row = texts.get(locale) or texts.get(default) or next(iter(texts.values()), None)
        descriptions = list(row.levels) if row else []
        descriptions += [""] * (len(criterion.points) - len(descriptions))
        found.append(
            CriterionText(
                criterion,
                expand(row.title) if row else criterion.cid,
                expand(row.body_html) if row else "",
                [
                    LevelText(points, expand(html))
                    for points, html in zip(criterion.points, descriptions, strict=False)
                ],
                row.locale if row else "",
            )
        )
    return found


def total_points(criteria: list[CriterionText]) -> int:
    """The points a submission can reach: the best level of every criterion."""
    return sum(c.max_points for c in criteria)
