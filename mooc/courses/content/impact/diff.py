"""The effects of a sync: the snapshot taken before it wrote compared with the rows it flushed,
each change counted with every kind of learner work on the item, and titled."""

from __future__ import annotations

from sqlalchemy import select

from mooc.courses.content.impact.effect import Effect
from mooc.courses.content.impact.locks import finished_by, lock_effects
from mooc.courses.content.impact.snapshot import ItemRow, Snapshot, snapshot
from mooc.courses.content.impact.work import LEARNER_WORK
from mooc.courses.content.report import SyncReport
from mooc.courses.models import Course, CourseTranslation, Enrolment, Lesson, LessonTranslation
from mooc.extensions import db


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
