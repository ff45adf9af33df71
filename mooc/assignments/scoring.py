"""A submission's grade from its reviews: a pure function (no database)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median


@dataclass
class Grade:
    """Per criterion the level that counts, their sum, the points available, and the verdict."""

    levels: dict[str, float] = field(default_factory=dict)
    points: float = 0.0
    max_points: int = 0
    passed: bool = False

    @property
    def percent(self) -> float:
        """The grade in percent of the points available."""
        return 100.0 * self.points / self.max_points if self.max_points else 0.0


def grade(
    criteria: Sequence[tuple[str, Sequence[int]]],
    peers: Sequence[dict[str, int]],
    trainer: dict[str, int] | None,
    pass_mark: int,
) -> Grade:
    """`criteria`: (criterion id, its levels' points). Per criterion, the trainer's level when she
    gave one, else the median of the peers' levels (the mean of the two middle ones for an even
    number); the grade is their sum, and it passes at `pass_mark` percent of the points."""
    result = Grade(max_points=sum(max(points) for _cid, points in criteria if points))
    for cid, _points in criteria:
        if trainer and cid in trainer:
            result.levels[cid] = float(trainer[cid])
            continue
        given = [review[cid] for review in peers if cid in review]
        result.levels[cid] = float(median(given)) if given else 0.0
    result.points = sum(result.levels.values())
    result.passed = result.percent >= pass_mark
    return result
