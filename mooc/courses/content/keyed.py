"""Rows keyed by ids inside an item or a course: quiz questions, rubric criteria, reflection
prompts. Each is created, updated, archived and restored by its id, never by its position."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from mooc.assignments.models import Criterion, CriterionTranslation
from mooc.courses.content.report import QuizChange, RubricChange
from mooc.courses.content.rows import assign, by_parent, texts_of
from mooc.courses.models import (
    Course,
    Lesson,
    Module,
    ReflectionPrompt,
    ReflectionPromptTranslation,
)
from mooc.extensions import db
from mooc.quizzes.models import Question, QuestionTranslation

if TYPE_CHECKING:
    from mooc.courses.content.tree import ItemNode, Node


class KeyedRows:
    """The part of the applier that writes questions, criteria and prompts."""

    def load_keyed(self) -> None:
        """Every question, criterion and prompt, by parent and id (texts only when needed)."""
        session = db.session
        self.questions = {(r.lesson_id, r.qid): r for r in session.scalars(select(Question))}
        self.criteria = {(r.lesson_id, r.cid): r for r in session.scalars(select(Criterion))}
        self.prompts = {(r.course_id, r.slug): r for r in session.scalars(select(ReflectionPrompt))}
        self.quiz_questions = by_parent(self.questions)
        self.rubric_criteria = by_parent(self.criteria)
        self.course_prompts = by_parent(self.prompts)
        self.keyed_texts: dict[type, dict[int, dict[str, Any]]] = {}
        # One light query: a removed translation file archives its prompts' texts.
        self.keyed_text(ReflectionPromptTranslation, "prompt_id", None, "")

    def keyed_text(self, model: type, parent: str, parent_id: int | None, locale: str) -> Any:
        """The existing translation of a keyed row in `locale` (all loaded on first use, without
        their long texts)."""
        if model not in self.keyed_texts:
            self.keyed_texts[model] = texts_of(model, parent)
        return self.keyed_texts[model].get(parent_id, {}).get(locale) if parent_id else None

    def upsert_text(self, model: type, parent: str, owner: Any, values: dict) -> bool:
        """Create or update one translation of a keyed row; True when it changed."""
        text = self.keyed_text(model, f"{parent}_id", owner.id, values["locale"])
        if text is None:
            db.session.add(model(**{parent: owner}, **values, archived_at=None))
            return True
        return assign(text, **values, archived_at=None)

    def write_questions(self, lesson: Lesson, node: ItemNode, language: str) -> bool:
        """Questions by id: keys from all languages, texts from the files that changed."""
        by_id: dict[str, Question] = {}
        changed = False
        change = QuizChange(lesson)
        if lesson.id:
            self.report.quizzes[(lesson.course.slug, node.slug)] = change
        for position, key in enumerate(node.questions):
            existing = self.questions.get((lesson.id, key["id"])) if lesson.id else None
            change.key_changed = change.key_changed or key_differs(existing, key)
            row, state = self.state(
                existing,
                Question,
                lesson=lesson,
                qid=key["id"],
                position=position,
                kind=key["kind"],
                option_count=key["options"],
                correct=key["correct"],
                answers=key["answers"],
            )
            by_id[key["id"]] = row
            changed = changed or state != "unchanged"
        for row in self.quiz_questions.get(lesson.id, []) if lesson.id else []:
            if row.qid not in by_id and row.archived_at is None:
                row.archived_at = self.now
                changed = change.key_changed = True
        for locale, result in self.files(node, language):
            if not result.fresh or result.quiz is None:
                continue
            for parsed in result.quiz.questions:
                question = by_id.get(parsed.qid)
                if question is None:
                    continue
                values = {
                    "locale": locale,
                    "title": parsed.title_html,
                    "body_html": parsed.body_html,
                    "options": [
                        {"html": o.html, "feedback_html": o.feedback_html} for o in parsed.options
                    ],
                    "explanation_html": parsed.explanation_html,
                }
                if self.upsert_text(QuestionTranslation, "question", question, values):
                    changed = change.wording_changed = True
        return changed

    def write_criteria(
        self, lesson: Lesson, node: ItemNode, language: str, fresh: bool, state: str
    ) -> bool:
        """Criteria by id, and the report's record of what happened to the rubric."""
        live = [
            row
            for row in (self.rubric_criteria.get(lesson.id, []) if lesson.id else [])
            if row.archived_at is None
        ]
        before = {row.cid: list(row.points) for row in live}
        after = {key["id"]: list(key["points"]) for key in node.criteria}
        change = RubricChange(lesson, created=state == "created")
        change.structure_changed = before != after
        self.report.rubrics[(lesson.course.slug, node.slug)] = change
        if not fresh and state == "unchanged" and not change.structure_changed:
            return False
        by_id: dict[str, Criterion] = {}
        changed = False
        for position, key in enumerate(node.criteria):
            existing = self.criteria.get((lesson.id, key["id"])) if lesson.id else None
            row, row_state = self.state(
                existing,
                Criterion,
                lesson=lesson,
                cid=key["id"],
                position=position,
                points=list(key["points"]),
            )
            by_id[key["id"]] = row
            changed = changed or row_state != "unchanged"
        for row in self.rubric_criteria.get(lesson.id, []) if lesson.id else []:
            if row.cid not in by_id and row.archived_at is None:
                row.archived_at = self.now
                changed = True
        for locale, result in self.files(node, language):
            if not result.fresh or result.assignment is None:
                continue
            for parsed in result.assignment.criteria:
                criterion = by_id.get(parsed.cid)
                if criterion is None:
                    continue
                values = {
                    "locale": locale,
                    "title": parsed.title_html,
                    "body_html": parsed.body_html,
                    "levels": [level.html for level in parsed.levels],
                }
                if self.upsert_text(CriterionTranslation, "criterion", criterion, values):
                    change.wording_changed = changed = True
        return changed

    def write_prompts(
        self, course: Course, hosts: list[tuple[Node, Module | None, Lesson | None]], language: str
    ) -> None:
        """Prompts by id within the course: where each sits, its order, its texts."""
        position = 0
        kept: set[str] = set()
        for node, module, lesson in hosts:
            results = self.files(node, language)
            main = self.tree.results.get(node.file.path)
            for slug, _line in (main.digest.get("reflections") or []) if main else []:
                kept.add(slug)
                existing = self.prompts.get((course.id, slug)) if course.id else None
                row, state = self.state(
                    existing,
                    ReflectionPrompt,
                    course=course,
                    slug=slug,
                    module=module,
                    lesson=lesson,
                    position=position,
                )
                position += 1
                for locale, result in results:
                    html = dict(result.prompts).get(slug) if result.fresh else None
                    if html is None:
                        continue
                    values = {"locale": locale, "prompt_html": html}
                    if self.upsert_text(ReflectionPromptTranslation, "prompt", row, values):
                        state = "updated" if state == "unchanged" else state
                self.archive_prompt_texts(row, {locale for locale, _r in results})
                self.count("reflection", state)
        self.archive_prompts(course, kept)

    def archive_prompt_texts(self, row: ReflectionPrompt, locales: set[str]) -> None:
        """A prompt's translations whose file is gone."""
        texts = self.keyed_texts.get(ReflectionPromptTranslation, {}).get(row.id, {})
        for locale, text in texts.items() if row.id else ():
            if locale not in locales and text.archived_at is None:
                text.archived_at = self.now

    def archive_prompts(self, course: Course, kept: set[str]) -> None:
        """The course's prompts whose ids left the tree."""
        for row in self.course_prompts.get(course.id, []) if course.id else []:
            if row.slug not in kept and row.archived_at is None:
                row.archived_at = self.now
                self.count("reflection", "archived")


def key_differs(row: Question | None, key: dict[str, Any]) -> bool:
    """Whether a question's grading key differs from its stored row (a new or restored
    question counts: learners see a question they did not have)."""
    if row is None or row.archived_at is not None:
        return True
    return (row.kind, row.option_count, list(row.correct), list(row.answers)) != (
        key["kind"],
        key["options"],
        list(key["correct"]),
        list(key["answers"]),
    )
