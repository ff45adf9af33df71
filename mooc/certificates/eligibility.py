"""Who may receive a certificate, and what is still missing: from the course front matter for a
course, from the completion of every course for a learning path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mooc.courses.outlines import Item
from mooc.courses.progress import CourseState


@dataclass
class Eligibility:
    """A learner's standing for a course certificate."""

    offered: bool
    eligible: bool = False
    lessons_missing: list[Item] = field(default_factory=list)
    quizzes_not_passed: list[Item] = field(default_factory=list)
    assignments_not_passed: list[Item] = field(default_factory=list)
    average: float | None = None  # of best scores of required quizzes, 0 to 100
    min_average: float = 0

    @property
    def average_short(self) -> bool:
        """The average of best quiz scores is below the course's minimum."""
        return self.average is not None and self.average < self.min_average


def course_eligibility(course: Any, state: CourseState) -> Eligibility:
    """Required lessons done (when the course requires them all), every required quiz passed,
    every required assignment passed (when the course requires assignments), and the average of
    best quiz scores (0 for a quiz never taken) at least `min_average`.

    What content changes do (docs/authoring.md): a learner whose completion is stamped is asked
    nothing that was added or made required after it (the average is then over the required
    quizzes she took); the best score of a required quiz since archived still counts for a
    learner who took it."""
    rules = course.certificate
    if not rules:
        return Eligibility(offered=False)
    result = Eligibility(offered=True, min_average=float(rules.get("min_average", 0)))
    scores = list(state.archived_scores.values())
    stamped = state.stamped
    for module in state.modules:
        for item in module.items:
            if not item.item.required or (stamped and not item.done and item.best_score is None):
                continue
            kind = item.item.kind
            if kind == "quiz":
                scores.append(item.best_score or 0.0)
                if not item.done and not stamped:
                    result.quizzes_not_passed.append(item.item)
            elif kind == "assignment":
                if rules.get("require_assignments", False) and not item.done:
                    result.assignments_not_passed.append(item.item)
            elif rules.get("require_all_lessons", True) and not item.done:
                result.lessons_missing.append(item.item)
    if scores:
        result.average = sum(scores) / len(scores)
    result.eligible = (
        state.enrolment is not None
        and not result.lessons_missing
        and not result.quizzes_not_passed
        and not result.assignments_not_passed
        and not result.average_short
    )
    return result


@dataclass
class PathEligibility:
    """A learner's standing for a path certificate: the titles of the courses not completed."""

    enrolled: bool
    courses_missing: list[str] = field(default_factory=list)
    courses: int = 0

    @property
    def eligible(self) -> bool:
        """Following the path, and every one of its (one or more) courses completed."""
        return self.enrolled and self.courses > 0 and not self.courses_missing


def path_eligibility(enrolled: bool, courses: list[dict[str, Any]]) -> PathEligibility:
    """From `progress.path_state`: whether the learner follows the path, and its courses with
    their `complete` flags."""
    return PathEligibility(
        enrolled=bool(enrolled),
        courses_missing=[entry["text"].title for entry in courses if not entry["complete"]],
        courses=len(courses),
    )
