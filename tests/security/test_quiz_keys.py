"""No quiz gives its key away before submission: walk every quiz of a synced tree, in order.

A learner goes through each course module by module, as the locks allow: every quiz page (in each
of the course's languages) and its API twin are read before the quiz is ever submitted, then the
quiz is passed and the lessons marked done so that the next module opens. The key, the accepted
answers, the feedback and the explanations are taken from the database, so that nothing of them
is shown until an attempt is graded.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from mooc.courses.models import Lesson
from mooc.extensions import db
from mooc.quizzes.models import Question
from tests.shipped import CONTENT

# Keys of a graded attempt; none may appear in a quiz before it is submitted.
KEY_FIELDS = {
    "correct",
    "is_correct",
    "answer",
    "answers",
    "accepted",
    "key",
    "feedback",
    "feedback_html",
    "explanation",
    "explanation_html",
    "results",
}
FLAG = re.compile(r"correct|feedback|explanation|answer-key|accepted", re.I)
SHORTEST = 12  # shorter feedback ("Yes.") may appear in any text


def plain(html: str) -> str:
    """Text of an HTML fragment, white space collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


class Page(HTMLParser):
    """The text of a page and the attributes of its elements."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    def handle_data(self, data):
        self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def secrets_of(quiz: Lesson) -> tuple[set[str], set[str], list[Question]]:
    """(feedback and explanation texts, accepted answers, questions) of a quiz, every locale."""
    questions = list(
        db.session.scalars(
            select(Question)
            .where(Question.lesson_id == quiz.id, Question.archived_at.is_(None))
            .order_by(Question.position)
        )
    )
    texts = set()
    for question in questions:
        for translation in question.translations:
            found = [translation.explanation_html]
            found += [option.get("feedback_html", "") for option in translation.options]
            texts |= {plain(html) for html in found if len(plain(html)) >= SHORTEST}
    answers = {answer.lower() for question in questions for answer in question.answers}
    return texts, answers, questions


def leaks_in_page(html: str, texts: set[str], answers: set[str]) -> list[str]:
    page = Page(html)
    found = [f"text: {t[:60]}" for t in texts if t in page.text]
    for tag, name, value in page.attributes:
        if FLAG.search(name) or (name in ("class", "id") and FLAG.search(value)):
            found.append(f"<{tag} {name}={value!r}>")
        if tag == "input" and name in ("value", "placeholder") and value.lower() in answers:
            found.append(f"<input {name}={value!r}>")
        if tag == "input" and name == "checked":
            found.append("<input checked>")
    return found


def leaks_in_json(value, texts: set[str], answers: set[str], where: str = "") -> list[str]:
    if isinstance(value, dict):
        found = [f"{where}.{key}" for key in value if key in KEY_FIELDS]
        for key, item in value.items():
            found += leaks_in_json(item, texts, answers, f"{where}.{key}")
        return found
    if isinstance(value, list):
        return [
            f
            for i, item in enumerate(value)
            for f in leaks_in_json(item, texts, answers, f"{where}[{i}]")
        ]
    if isinstance(value, str):
        text = plain(value)
        if re.search(r"\.options\[\d+\]$", where):
            # Option labels are there to be read; an accepted answer of another question may
            # well be one of them.
            return [f"{where}: {t[:60]}" for t in texts if t in text]
        found = [f"{where}: {t[:60]}" for t in texts if t in text]
        return found + ([f"{where} = {value!r}"] if value.strip().lower() in answers else [])
    return []


def key_answers(questions: list[Question]) -> dict:
    """The answers that pass: correct positions, or the first accepted text."""
    return {q.qid: (q.answers[0] if q.kind == "short" else q.correct) for q in questions}


@pytest.fixture(params=["baseline", "shipped"])
def quiz_tree(request, runner, tree, tmp_path) -> str:
    """The test tree or the courses that ship in content/ synced."""
    root = str(tree.baseline().root) if request.param == "baseline" else CONTENT
    result = runner.invoke(args=["content", "sync", root])
    assert result.exit_code == 0, result.output
    return request.param


def test_no_quiz_shows_its_key_before_submission(client, learner, quiz_tree):
    courses = client.get("/api/v1/courses").get_json()
    checked, leaks = 0, {}
    for course in courses:
        slug = course["id"]
        assert client.post(f"/api/v1/courses/{slug}/enrolment").status_code == 201
        outline = client.get(f"/api/v1/courses/{slug}").get_json()
        for module in outline["modules"]:
            for item in module["items"]:
                if item["kind"] not in ("lesson", "quiz"):
                    continue  # an assignment shows no key: it has none (tests/assignments)
                url = f"/courses/{slug}/{'quizzes' if item['kind'] == 'quiz' else 'lessons'}/"
                if item["kind"] == "lesson":
                    assert client.post(f"{url}{item['id']}/done").status_code == 302
                    continue
                quiz = db.session.scalar(select(Lesson).where(Lesson.id == _lesson_id(slug, item)))
                texts, answers, questions = secrets_of(quiz)
                # A question's id is in the form and in the API: it must not spell the answer.
                for question in questions:
                    words = f" {question.qid.replace('-', ' ').lower()} "
                    spelled = [a for a in question.answers if f" {a} " in words]
                    if spelled:
                        leaks[f"{slug}/{item['id']}#{question.qid}"] = spelled
                for lang in course["languages"]:
                    page = client.get(f"{url}{item['id']}?lang={lang}")
                    assert page.status_code == 200, (slug, item["id"], page.status_code)
                    api = client.get(f"/api/v1{url}{item['id']}?lang={lang}").get_json()
                    found = leaks_in_page(page.get_data(as_text=True), texts, answers)
                    found += leaks_in_json(api, texts, answers)
                    if found:
                        leaks[f"{slug}/{item['id']} ({lang})"] = found
                    checked += 1
                graded = client.post(
                    f"/api/v1{url}{item['id']}/attempts", json={"answers": key_answers(questions)}
                )
                assert graded.status_code == 201 and graded.get_json()["passed"], graded.get_json()
    assert leaks == {}, "\n".join(f"{k}: {v}" for k, v in leaks.items())
    assert checked >= (2 if quiz_tree == "baseline" else 30)


def _lesson_id(course_slug: str, item: dict) -> int:
    from mooc.courses.models import Course

    return db.session.scalar(
        select(Lesson.id)
        .join(Course, Course.id == Lesson.course_id)
        .where(Course.slug == course_slug, Lesson.slug == item["id"], Lesson.archived_at.is_(None))
    )
