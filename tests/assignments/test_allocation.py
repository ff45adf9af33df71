"""The allocation of peer reviews, proved with Hypothesis over any submissions, cities, cohorts,
arrival orders and reviews already given out."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from mooc.assignments.allocation import Work, allocate, same_city


@st.composite
def groups(draw):
    """Submissions (one per author) with a city among a few and a cohort among a few (or none)."""
    count = draw(st.integers(min_value=0, max_value=14))
    cities = st.one_of(st.none(), st.integers(min_value=1, max_value=3))
    cohorts = st.one_of(st.none(), st.integers(min_value=1, max_value=2))
    return [
        Work(submission=100 + n, author=n, city=draw(cities), group=draw(cohorts))
        for n in range(count)
    ]


def check_rules(works, pairs, taken=(), barred=()):
    """Never her own, never twice the same, never outside her group, never a barred pair."""
    by_id = {w.submission: w for w in works}
    author_group = {w.author: w.group for w in works}
    everything = list(taken) + list(pairs)
    assert len(everything) == len(set(everything)), "a pair given twice"
    assert not set(pairs) & set(barred)
    for reviewer, submission in pairs:
        work = by_id[submission]
        assert work.author != reviewer, "her own work"
        assert author_group[reviewer] == work.group, "another group's work"


def counts(pairs) -> Counter:
    return Counter(submission for _reviewer, submission in pairs)


def cross(works, pairs) -> int:
    by_id = {w.submission: w for w in works}
    city = {w.author: w.city for w in works}
    return sum(not same_city(city[r], by_id[s].city) for r, s in pairs)


@settings(max_examples=300, deadline=None)
@given(groups(), st.integers(min_value=1, max_value=4))
def test_at_once_every_submission_gets_its_reviews(works, reviews):
    pairs = allocate(works, reviews)
    check_rules(works, pairs)
    given_ = counts(pairs)
    for work in works:
        size = sum(1 for w in works if w.group == work.group)
        expected = reviews if size > reviews else size - 1
        assert given_[work.submission] == expected, (work, size)


@settings(max_examples=300, deadline=None)
@given(groups(), st.integers(min_value=1, max_value=3), st.randoms(use_true_random=False))
def test_one_at_a_time_every_submission_gets_its_reviews(works, reviews, random):
    """Work handed in one after the other (the allocation runs at each), some reviews expiring
    on the way: the rules hold at every step, and at the end every submission has its reviews
    once its group has more than `reviews` submissions (expired pairs permitting)."""
    random.shuffle(works)
    taken: list = []
    barred: list = []
    for n in range(1, len(works) + 1):
        new = allocate(works[:n], reviews, taken, barred)
        check_rules(works[:n], new, taken, barred)
        assert all(counts(taken + new)[s] <= reviews for s in counts(new))
        taken += new
        if taken and random.random() < 0.2:  # one review expires: its pair is barred
            barred.append(taken.pop(random.randrange(len(taken))))
    new = allocate(works, reviews, taken, barred)
    taken += new
    given_ = counts(taken)
    for work in works:
        group = [w for w in works if w.group == work.group]
        possible = [
            w.author
            for w in group
            if w.author != work.author
            if (w.author, work.submission) not in barred
        ]
        assert given_[work.submission] == min(reviews, len(possible))


@settings(max_examples=300, deadline=None)
@given(groups(), st.integers(min_value=1, max_value=3))
def test_authors_from_other_cities_are_preferred(works, reviews):
    """No exchange of the works of two reviewers would give more reviews across cities."""
    pairs = allocate(works, reviews)
    by_id = {w.submission: w for w in works}
    seen = set(pairs)
    for i, (r1, s1) in enumerate(pairs):
        for r2, s2 in pairs[i + 1 :]:
            if len({r1, r2}) < 2 or len({s1, s2}) < 2 or by_id[s1].group != by_id[s2].group:
                continue
            if by_id[s2].author == r1 or by_id[s1].author == r2:
                continue
            if (r1, s2) in seen or (r2, s1) in seen:
                continue
            before = cross(works, [(r1, s1), (r2, s2)])
            after = cross(works, [(r1, s2), (r2, s1)])
            assert after <= before, "an exchange would give more reviews across cities"


def test_two_cities_of_two_review_each_other_across():
    works = [Work(1, 1, city=10), Work(2, 2, city=10), Work(3, 3, city=20), Work(4, 4, city=20)]
    pairs = allocate(works, 2)
    check_rules(works, pairs)
    assert counts(pairs) == {1: 2, 2: 2, 3: 2, 4: 2}
    assert cross(works, pairs) == 8  # each reviews the two works of the other city


def test_groups_stay_apart_and_a_learner_without_a_cohort_reviews_the_course():
    works = [Work(1, 1, group=None), Work(2, 2, group=None), Work(3, 3, group=7)]
    pairs = allocate(works, 2)
    assert sorted(pairs) == [(1, 2), (2, 1)]  # the cohort of one has nobody to review her work


def test_no_peer_reviews_give_nothing():
    assert allocate([Work(1, 1), Work(2, 2)], 0) == []
