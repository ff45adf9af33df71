"""Who reviews whose work: a pure function of the submissions, their authors' cities and groups,
and the reviews already given out (no database, no clock), so that its rules can be proved
with Hypothesis (tests/assignments/test_allocation.py).

The rules:

- A learner reviews work of her own group only: her cohort, or, without a cohort, the course's
  other learners without one (`Work.group`, None for those).
- Never her own work, never twice the same work (a pair given once, even expired, is not given
  again).
- Each submission receives `reviews` reviews as soon as its group has more than `reviews`
  submissions; until then every other submission of the group is given to each reviewer.
- Each reviewer is first given up to `reviews` pieces of work; work still short of reviews is then
  given to the least loaded reviewers (so that the last submissions are reviewed too).
- Authors from other member cities are preferred: each choice takes another city's work (or
  reviewer) when one is possible, and no exchange of two new reviews between two reviewers would
  give more reviews across cities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Pair = tuple[int, int]  # (reviewer's user id, submission id)


@dataclass(frozen=True)
class Work:
    """A submitted piece of work, in the order of submission."""

    submission: int
    author: int
    city: int | None = None
    group: int | None = None  # the author's cohort; None: the course's learners without one


def same_city(a: int | None, b: int | None) -> bool:
    """Two known cities that are the same (an unknown city counts as another city)."""
    return a is not None and a == b


def allocate(
    works: Sequence[Work],
    reviews: int,
    taken: Iterable[Pair] = (),
    barred: Iterable[Pair] = (),
) -> list[Pair]:
    """The new (reviewer, submission) pairs to give out.

    `taken`: reviews already given out and not expired (they count for both sides); `barred`:
    pairs that must not be given (expired or set aside reviews). Reviewers are the authors of
    `works`; a reviewer who withdrew her work keeps what she was given."""
    if reviews <= 0:
        return []
    groups: dict[int | None, list[Work]] = defaultdict(list)
    for work in works:
        groups[work.group].append(work)
    taken = list(taken)
    seen = set(taken) | set(barred)
    new: list[Pair] = []
    for members in groups.values():
        new.extend(_allocate_group(members, reviews, taken, seen))
    return new


def _allocate_group(
    works: list[Work], reviews: int, taken: list[Pair], seen: set[Pair]
) -> list[Pair]:
    by_id = {work.submission: work for work in works}
    city_of = {work.author: work.city for work in works}
    order = {work.author: n for n, work in enumerate(works)}
    count = {work.submission: 0 for work in works}
    load = dict.fromkeys(order, 0)
    for reviewer, submission in taken:
        if submission in count:
            count[submission] += 1
            if reviewer in load:
                load[reviewer] += 1
    new: list[Pair] = []

    def free(reviewer: int, work: Work) -> bool:
        return work.author != reviewer and (reviewer, work.submission) not in seen

    def give(reviewer: int, work: Work) -> None:
        pair = (reviewer, work.submission)
        seen.add(pair)
        new.append(pair)
        count[work.submission] += 1
        load[reviewer] += 1

    position = {work.submission: n for n, work in enumerate(works)}
    for work in works:  # 1. each reviewer up to `reviews` pieces of work still short of reviews
        reviewer = work.author
        while load[reviewer] < reviews:
            choices = [w for w in works if free(reviewer, w) and count[w.submission] < reviews]
            if not choices:
                break
            give(
                reviewer,
                min(
                    choices,
                    key=lambda w: (
                        same_city(city_of[reviewer], w.city),
                        count[w.submission],
                        position[w.submission],
                    ),
                ),
            )
    for work in sorted(works, key=lambda w: (count[w.submission], position[w.submission])):
        while count[work.submission] < reviews:  # 2. work still short: the least loaded
            choices = [r for r in order if free(r, work)]
            if not choices:
                break
            give(
                min(
                    choices,
                    key=lambda r: (same_city(city_of[r], work.city), load[r], order[r]),
                ),
                work,
            )
    return _exchange(new, by_id, city_of, seen)


def _exchange(
    new: list[Pair], by_id: dict[int, Work], city_of: dict[int, int | None], seen: set[Pair]
) -> list[Pair]:
    """Swap the works of two new pairs while that gives more reviews across cities (each swap
    adds at least one, so this ends); loads and counts stay as they are."""

    def across(reviewer: int, submission: int) -> int:
        return 0 if same_city(city_of.get(reviewer), by_id[submission].city) else 1

    changed = True
    while changed:
        changed = False
        for i in range(len(new)):
            for j in range(i + 1, len(new)):
                (r1, s1), (r2, s2) = new[i], new[j]
                if r1 == r2 or s1 == s2:
                    continue
                if by_id[s2].author == r1 or by_id[s1].author == r2:
                    continue
                if (r1, s2) in seen or (r2, s1) in seen:
                    continue
                gain = across(r1, s2) + across(r2, s1) - across(r1, s1) - across(r2, s2)
                if gain > 0:
                    seen.difference_update({(r1, s1), (r2, s2)})
                    seen.update({(r1, s2), (r2, s1)})
                    new[i], new[j] = (r1, s2), (r2, s1)
                    changed = True
    return new
