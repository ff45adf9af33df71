"""Assignment operations, each one transaction: open the page, save a draft, hand in, withdraw,
get work to review, review, flag a review, and the trainer's review and decisions.

Signals: `assignment_submitted` when work is handed in, `assignment_graded` each time a grade is
set or changes (both inside the operation's transaction)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, select, text, update

from mooc import signals
from mooc.assignments import mails
from mooc.assignments.allocation import Work, allocate
from mooc.assignments.errors import AssignmentError
from mooc.assignments.models import Criterion, Review, Submission
from mooc.assignments.queries import group_of, live_criteria
from mooc.assignments.scoring import grade
from mooc.assignments.text import render, word_count
from mooc.clock import utcnow
from mooc.courses import progress
from mooc.courses.models import Lesson
from mooc.extensions import db
from mooc.transactions import insert_once, transactional

MAX_BODY = 100_000  # characters of a submission's Markdown (far above any max_words)
MAX_COMMENT = 5000
ACTIVE = ("assigned", "done")


@transactional
def open_assignment(user_id: int, page: dict[str, Any], slug: str, visit: bool = True):
    """An assignment the learner may open (enrolled, its module open): (state, item state);
    opening it is remembered by the course (`item_opened`) so that the learner resumes here."""
    state, item_state = progress.open_item(user_id, page, slug)
    if visit:
        signals.send(signals.item_opened, state=state, item=item_state.item)
    return state, item_state


def own_submission(user_id: int, lesson: Lesson, lock: bool = False) -> Submission | None:
    """The learner's submission row, if she has one (locked for update on PostgreSQL)."""
    query = select(Submission).where(
        Submission.user_id == user_id, Submission.lesson_id == lesson.id
    )
    return db.session.scalar(query.with_for_update(key_share=True) if lock else query)


@transactional
def save(user_id: int, lesson: Lesson, body: str, hand_in: bool = False) -> Submission:
    """Save the learner's draft, and hand it in with `hand_in` (within `max_words`); handing in
    gives her work to review and gives her work to reviewers."""
    body = (body or "")[:MAX_BODY]
    now = utcnow()
    insert_once(
        Submission,
        {
            "lesson_id": lesson.id,
            "user_id": user_id,
            "course_id": lesson.course_id,
            "status": "draft",
            "body": "",
            "body_html": "",
            "words": 0,
            "levels": {},
            "created_at": now,
            "updated_at": now,
        },
    )
    submission = own_submission(user_id, lesson, lock=True)
    db.session.refresh(submission)
    if submission.status == "graded":
        raise AssignmentError("graded")
    if submission.status == "submitted":
        raise AssignmentError("already_submitted")
    words = word_count(body)
    if hand_in and not body.strip():
        raise AssignmentError("empty", "body")
    if hand_in and lesson.max_words and words > lesson.max_words:
        raise AssignmentError("too_long", "body", words=words, max_words=lesson.max_words)
    submission.body, submission.body_html, submission.words = body, render(body), words
    submission.updated_at = now
    if hand_in:
        submission.status = "submitted"
        submission.submitted_at = now
        submission.cohort_id, submission.city_id = group_of(user_id, lesson.course_id)
        db.session.flush()
        signals.send(
            signals.assignment_submitted, submission=submission, course_id=lesson.course_id
        )
        give_out(lesson, submission.cohort_id)
    db.session.flush()
    return submission


@transactional
def withdraw(user_id: int, lesson: Lesson) -> Submission:
    """Take handed-in work back to a draft, while no review of it has started; the reviews given
    out for it are taken back (their slots go to other work)."""
    submission = own_submission(user_id, lesson, lock=True)
    if submission is None or submission.status == "draft":
        raise AssignmentError("not_submitted")
    if submission.status == "graded":
        raise AssignmentError("graded")
    reviews = db.session.scalars(select(Review).where(Review.submission_id == submission.id))
    if any(r.started_at is not None or r.status == "done" for r in reviews):
        raise AssignmentError("review_started")
    db.session.execute(delete(Review).where(Review.submission_id == submission.id))
    submission.status = "draft"
    submission.submitted_at = None
    submission.updated_at = utcnow()
    db.session.flush()
    return submission


@transactional
def request_reviews(user_id: int, lesson: Lesson) -> list[Review]:
    """Work for the learner to review (after handing in her own): what she was given, with any
    new work the allocation gives out now (expired reviews go to someone else first)."""
    submission = own_submission(user_id, lesson)
    if submission is None or not submission.is_submitted:
        raise AssignmentError("not_submitted")
    give_out(lesson, submission.cohort_id)
    return list(
        db.session.scalars(
            select(Review)
            .join(Submission, Submission.id == Review.submission_id)
            .where(
                Review.reviewer_id == user_id,
                Submission.lesson_id == lesson.id,
                Review.kind == "peer",
            )
            .order_by(Review.id)
        )
    )


def expire_overdue(lesson: Lesson, now=None) -> int:
    """Peer reviews of `lesson` not done by their due date expire and free their slot."""
    now = now or utcnow()
    ids = select(Submission.id).where(Submission.lesson_id == lesson.id).scalar_subquery()
    result = db.session.execute(
        update(Review)
        .where(
            Review.submission_id.in_(ids),
            Review.kind == "peer",
            Review.status == "assigned",
            Review.due_at < now,
        )
        .values(status="expired", slot=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def give_out(lesson: Lesson, group: int | None, attempts: int = 20) -> list[Review]:
    """Run the allocation for one group of one assignment and store its new reviews, each in a
    free slot. A slot or pair taken meanwhile by a simultaneous request is a conflict in the
    database (the savepoint is undone): the allocation runs again on what is there now."""
    if not lesson.reviews:
        return []
    lock_group(lesson.id, group)
    expire_overdue(lesson)  # a write: on SQLite the operation holds the database's lock now
    days = current_app.config["ASSIGNMENTS_REVIEW_DAYS"]
    given: list[Review] = []
    for _attempt in range(attempts):
        works, rows = group_state(lesson, group)
        taken = [(r.reviewer_id, r.submission_id) for r in rows if r.kind == "peer" and r.slot]
        barred = [(r.reviewer_id, r.submission_id) for r in rows if not r.slot]
        used: dict[int, set[int]] = {}
        for row in rows:
            if row.slot:
                used.setdefault(row.submission_id, set()).add(row.slot)
        conflict = False
        now = utcnow()
        for reviewer, submission_id in allocate(works, lesson.reviews, taken, barred):
            slots = used.setdefault(submission_id, set())
            slot = next(n for n in range(1, lesson.reviews + 1) if n not in slots)
            review = Review(
                submission_id=submission_id,
                reviewer_id=reviewer,
                kind="peer",
                slot=slot,
                status="assigned",
                assigned_at=now,
                due_at=now + timedelta(days=days),
                levels={},
                comments={},
            )
            if not insert_once(review):
                conflict = True
                break
            slots.add(slot)
            given.append(review)
        if not conflict:
            break
    for review in given:
        mails.reviews_due(review, lesson)
    return given


def lock_group(lesson_id: int, group: int | None) -> None:
    """One allocation at a time per group of an assignment, until the operation ends: on
    PostgreSQL a transaction-level advisory lock (simultaneous inserts in two orders into the
    slot index would deadlock); SQLite lets one writer in at a time anyway. The constraints on
    slots and pairs stay the guarantee; the lock makes conflicts rare."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(:lesson, :group)"),
            {"lesson": lesson_id, "group": group or 0},
        )


def group_state(lesson: Lesson, group: int | None) -> tuple[list[Work], list[Review]]:
    """The group's handed-in work in the order it came, and every review of it."""
    cohort = Submission.cohort_id.is_(None) if group is None else Submission.cohort_id == group
    submissions = list(
        db.session.scalars(
            select(Submission)
            .where(Submission.lesson_id == lesson.id, cohort, Submission.status != "draft")
            .order_by(Submission.submitted_at, Submission.id)
        )
    )
    works = [Work(s.id, s.user_id, s.city_id, s.cohort_id) for s in submissions]
    ids = [s.id for s in submissions]
    # Fresh rows: a bulk expiry or a simultaneous request may have changed them.
    fresh = select(Review).where(Review.submission_id.in_(ids))
    rows = list(db.session.scalars(fresh.execution_options(populate_existing=True))) if ids else []
    return works, rows


def clean_review(
    lesson: Lesson, levels: dict[str, Any], comments: dict[str, Any], complete: bool
) -> tuple[dict[str, int], dict[str, str]]:
    """Levels that are levels of their criteria, comments cut to size; every criterion when the
    review is sent."""
    criteria = live_criteria(lesson)
    found: dict[str, int] = {}
    notes: dict[str, str] = {}
    for criterion in criteria:
        value = levels.get(criterion.cid)
        if value not in (None, ""):
            try:
                points = int(value)
            except (TypeError, ValueError):
                raise AssignmentError("bad_level") from None
            if points not in criterion.points:
                raise AssignmentError("bad_level")
            found[criterion.cid] = points
        note = str(comments.get(criterion.cid) or "").strip()
        if len(note) > MAX_COMMENT:
            raise AssignmentError("too_long_comment", chars=MAX_COMMENT)
        if note:
            notes[criterion.cid] = note
    missing = [c.cid for c in criteria if c.cid not in found]
    if complete and missing:
        raise AssignmentError("incomplete_review", missing=", ".join(missing))
    return found, notes


@transactional
def save_review(
    review: Review, levels: dict[str, Any], comments: dict[str, Any], send: bool = False
) -> Review:
    """A reviewer saves her review (it has started: the author can no longer withdraw), and
    sends it with `send`; a sent review may grade the work."""
    locked = db.session.scalar(
        select(Review).where(Review.id == review.id).with_for_update(key_share=True)
    )
    db.session.refresh(locked)
    if locked.status != "assigned":
        raise AssignmentError("review_closed")
    submission = locked.submission
    lesson = submission.lesson
    locked.levels, locked.comments = clean_review(lesson, levels, comments, send)
    now = utcnow()
    locked.started_at = locked.started_at or now
    if send:
        locked.status, locked.done_at = "done", now
        db.session.flush()
        regrade(submission)
    db.session.flush()
    return locked


@transactional
def trainer_review(
    trainer_id: int, submission: Submission, levels: dict[str, Any], comments: dict[str, Any]
) -> Review:
    """A trainer reviews a submission herself: her levels decide its grade."""
    lesson = submission.lesson
    found, notes = clean_review(lesson, levels, comments, True)
    now = utcnow()
    insert_once(
        Review,
        {
            "submission_id": submission.id,
            "reviewer_id": trainer_id,
            "kind": "trainer",
            "slot": None,
            "status": "done",
            "assigned_at": now,
            "started_at": now,
            "done_at": now,
            "levels": found,
            "comments": notes,
            "flag": "",
            "flag_reason": "",
        },
    )
    review = db.session.scalar(
        select(Review).where(
            Review.submission_id == submission.id, Review.reviewer_id == trainer_id
        )
    )
    review.kind, review.slot, review.status = "trainer", None, "done"
    review.levels, review.comments, review.done_at = found, notes, now
    db.session.flush()
    regrade(submission)
    return review


@transactional
def flag(user_id: int, lesson: Lesson, review_id: int, reason: str) -> Review:
    """The author flags a peer review of her work as unfair; a trainer decides."""
    review = db.session.scalar(
        select(Review)
        .join(Submission, Submission.id == Review.submission_id)
        .where(
            Review.id == review_id,
            Submission.user_id == user_id,
            Submission.lesson_id == lesson.id,
            Review.kind == "peer",
            Review.status == "done",
        )
    )
    if review is None:
        raise AssignmentError("not_found")
    if review.flag:
        raise AssignmentError("already_flagged")
    review.flag, review.flag_reason, review.flagged_at = "open", (reason or "")[:2000], utcnow()
    db.session.flush()
    return review


@transactional
def decide(review: Review, uphold: bool) -> Review:
    """A trainer decides a flag: an upheld review no longer counts (its slot goes to another
    reviewer and the work is graded again); a dismissed one stays."""
    if review.flag != "open":
        raise AssignmentError("not_flagged")
    review.flag = "upheld" if uphold else "dismissed"
    review.decided_at = utcnow()
    if uphold:
        review.slot = None
    db.session.flush()
    if uphold:
        submission = review.submission
        regrade(submission)
        give_out(submission.lesson, submission.cohort_id)
    return review


def regrade(submission: Submission) -> bool:
    """Grade the work from its counting reviews once enough are in (or a trainer's); ungrade it
    if a set-aside review leaves too few. Sends `assignment_graded` when the grade changes."""
    lesson = submission.lesson
    reviews = list(db.session.scalars(select(Review).where(Review.submission_id == submission.id)))
    peers = [r.levels for r in reviews if r.kind == "peer" and r.counts]
    trainers = sorted(
        (r for r in reviews if r.kind == "trainer" and r.status == "done"),
        key=lambda r: r.done_at,
    )
    trainer = trainers[-1].levels if trainers else None
    if trainer is None and (not lesson.reviews or len(peers) < lesson.reviews):
        if submission.status == "graded":
            submission.status, submission.passed, submission.points = "submitted", None, None
            submission.graded_at = None
        return False
    criteria: list[Criterion] = live_criteria(lesson)
    result = grade([(c.cid, c.points) for c in criteria], peers, trainer, lesson.pass_mark or 0)
    before = (submission.status, submission.points, submission.passed, submission.levels)
    submission.levels = result.levels
    submission.points = result.points
    submission.max_points = result.max_points
    submission.passed = result.passed
    submission.status = "graded"
    if before == (submission.status, submission.points, submission.passed, submission.levels):
        return False
    submission.graded_at = utcnow()
    db.session.flush()
    signals.send(signals.assignment_graded, submission=submission, course_id=lesson.course_id)
    mails.grade_ready(submission)
    return True


@transactional
def expire_all(now=None) -> int:
    """Expire the overdue peer reviews of every assignment and give their slots out again
    (`flask assignments expire`, run daily); returns how many expired."""
    now = now or utcnow()
    overdue = db.session.execute(
        select(Submission.lesson_id, Submission.cohort_id)
        .join(Review, Review.submission_id == Submission.id)
        .where(Review.kind == "peer", Review.status == "assigned", Review.due_at < now)
        .distinct()
    ).all()
    count = 0
    expired: set[int] = set()
    for lesson_id, cohort_id in overdue:
        lesson = db.session.get(Lesson, lesson_id)
        if lesson_id not in expired:
            count += expire_overdue(lesson, now)
            expired.add(lesson_id)
        give_out(lesson, cohort_id)
    return count
