"""The courses that ship in content/: valid, complete in three languages, the expected shape."""

from __future__ import annotations

import os
import re
from html import unescape

import pytest
import yaml
from sqlalchemy import select

from mooc.courses.content.tree import load_tree
from mooc.courses.models import Course, LearningPath, Lesson, LessonTranslation, Module
from mooc.extensions import db
from mooc.quizzes.models import Question, QuestionTranslation
from mooc.quizzes.parser import parse_quiz
from tests.shipped import CONTENT

LANGUAGES = {"en", "fr", "es"}
FLAGSHIP = os.path.join(CONTENT, "courses", "01-human-rights-cities")
REFLECTION = re.compile(r"^::: reflection \{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$", re.M)
FACILITATOR = re.compile(r"^::: facilitator\s*$(.*?)^:::\s*$", re.M | re.S)
LINK = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def shipped():
    """The shipped tree, loaded once."""
    return load_tree(CONTENT)


@pytest.fixture
def synced_content(tmp_path, runner):
    """content/ synced into the test database."""
    result = runner.invoke(args=["content", "sync", CONTENT])
    assert result.exit_code == 0, result.output
    return CONTENT


def test_shipped_tree_has_no_error_and_no_warning(shipped):
    assert [p.format() for p in shipped.problems] == []


def test_shape_three_courses_one_path(shipped):
    assert [c.slug for c in shipped.courses] == [
        "human-rights-cities",
        "right-to-adequate-housing",
        "inclusive-cities-migration",
    ]
    assert len(shipped.paths) == 1
    path = shipped.paths[0]
    assert path.settings["courses"] == [c.slug for c in shipped.courses]
    assert path.settings["sequential"] is True


def test_every_file_in_three_languages_and_quizzes_long_enough(shipped):
    for course in shipped.courses:
        assert set(course.settings["languages"]) == LANGUAGES
        assert set(course.translations) == LANGUAGES - {"en"}
        assert len(course.modules) >= 2
        kinds = set()
        for module in course.modules:
            assert set(module.translations) == LANGUAGES - {"en"}, module.file.path
            for item in module.items:
                assert set(item.translations) == LANGUAGES - {"en"}, item.file.path
                if item.kind == "quiz":
                    assert len(item.questions) >= 5, item.file.path
                    kinds |= {q["kind"] for q in item.questions}
            assert any(i.kind == "quiz" for i in module.items), module.file.path
        assert kinds == {"single", "multiple", "short"}, course.slug
    assert set(shipped.paths[0].translations) == LANGUAGES - {"en"}


def test_every_lesson_ends_with_a_reflection_question(shipped):
    endings = {"en": "For your city", "fr": "Pour votre ville", "es": "Para su ciudad"}
    for course in shipped.courses:
        for module in course.modules:
            for item in module.items:
                if item.kind != "lesson" or front_matter(item.file.path).get("type"):
                    continue
                for locale, entry in [("en", item.file), *item.translations.items()]:
                    with open(os.path.join(CONTENT, entry.path), encoding="utf-8") as handle:
                        text = handle.read()
                    assert f"## {endings[locale]}" in text, entry.path


def test_shipped_content_syncs_into_the_database(synced_content):
    assert db.session.query(Course).count() == 3
    assert db.session.query(LearningPath).count() == 1
    for module in db.session.scalars(select(Module)):
        assert {t.locale for t in module.translations} >= LANGUAGES
    for lesson in db.session.scalars(select(Lesson)):
        locales = set(
            db.session.scalars(
                select(LessonTranslation.locale).where(LessonTranslation.lesson_id == lesson.id)
            )
        )
        assert locales == LANGUAGES, lesson.slug
    for question in db.session.scalars(select(Question)):
        locales = set(
            db.session.scalars(
                select(QuestionTranslation.locale).where(
                    QuestionTranslation.question_id == question.id
                )
            )
        )
        assert locales == LANGUAGES, question.qid


def test_every_shipped_lesson_page_is_light(client, synced_content):
    """Pages stay under 100 KB without their images, for slow connections."""
    from tests.factories import UserFactory

    user = UserFactory()
    client.post("/login", data={"email": user.email, "password": "correct horse battery"})
    heaviest = pages = 0
    for course in db.session.scalars(select(Course)):
        client.post(f"/courses/{course.slug}/enrol")
        course.sequential = False  # open every module for this walk (not committed on purpose)
        lessons = db.session.scalars(select(Lesson).where(Lesson.course_id == course.id))
        for lesson in lessons:
            kind = "quizzes" if lesson.is_quiz else "lessons"
            for lang in ("en", "fr", "es"):
                response = client.get(f"/courses/{course.slug}/{kind}/{lesson.slug}?lang={lang}")
                assert response.status_code == 200, (course.slug, lesson.slug)
                heaviest = max(heaviest, len(response.data))
                pages += 1
    assert pages == 3 * db.session.query(Lesson).count()
    assert 0 < heaviest < 100_000


# --- The flagship's second edition (issue 18), read from its English Markdown files -------------


def front_matter(path: str) -> dict:
    """The YAML front matter of a content file (path relative to content/ or absolute)."""
    return split(path)[0]


def split(path: str) -> tuple[dict, str]:
    """(front matter, body) of a content file."""
    full = path if os.path.isabs(path) else os.path.join(CONTENT, path)
    with open(full, encoding="utf-8") as handle:
        text = handle.read()
    _, head, body = text.split("---", 2)
    return yaml.safe_load(head) or {}, body


def modules() -> list[str]:
    """The flagship's module folders, in order."""
    return sorted(
        os.path.join(FLAGSHIP, name)
        for name in os.listdir(FLAGSHIP)
        if re.match(r"^\d+-", name) and os.path.isdir(os.path.join(FLAGSHIP, name))
    )


def items(module: str) -> list[str]:
    """The English item files of a module folder, in order."""
    return sorted(
        os.path.join(module, name)
        for name in os.listdir(module)
        if re.match(r"^\d+-.*\.md$", name) and not re.search(r"\.(fr|es)\.md$", name)
    )


def kind(path: str) -> str:
    """lesson, quiz or assignment, from the front matter."""
    return front_matter(path).get("type", "lesson")


def lessons() -> list[str]:
    return [path for module in modules() for path in items(module) if kind(path) == "lesson"]


def plain(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_flagship_has_seven_modules_each_with_lessons_a_case_and_one_required_quiz():
    assert len(modules()) == 7
    for module in modules():
        paths = items(module)
        cases = [p for p in paths if re.match(r"^\d+-case-", os.path.basename(p))]
        quizzes = [p for p in paths if kind(p) == "quiz" and front_matter(p).get("required", True)]
        assert len([p for p in paths if kind(p) == "lesson"]) >= 4, module
        assert len(cases) == 1, module
        assert len(quizzes) == 1, module
        title = split(os.path.join(module, "module.md"))[0]["title"]
        assert front_matter(quizzes[0])["title"] == f"Quiz: {title}", quizzes[0]


def test_every_module_has_a_city_case_told_with_its_source():
    regions = set()
    for module in modules():
        (case,) = [p for p in items(module) if re.match(r"^\d+-case-", os.path.basename(p))]
        settings, body = split(case)
        assert settings["title"].startswith("City case: "), case
        region = re.search(r"^\*\*Region:\*\* (.+?) ·", body, re.M)
        assert region and re.search(r"\*\*Facts as of \d{4}\*\*", body), case
        regions.add(region.group(1))
        for heading in ("## The story", "## One detail to remember", "## What an official"):
            assert heading in body, (case, heading)
        sources = body.split("## Sources", 1)[1].split("## For your city", 1)[0]
        assert LINK.search(sources), case
    assert regions == {
        "Africa",
        "Asia-Pacific",
        "Europe",
        "Latin America",
        "North America",
        "the Mediterranean",
    }


def test_every_module_has_an_introduction_further_reading_and_facilitator_notes():
    parts = ("Discussion prompt", "Group exercise", "Debrief notes", "Common misconceptions")
    for module in modules():
        body = split(os.path.join(module, "module.md"))[1]
        notes = "\n".join(FACILITATOR.findall(body))
        public = FACILITATOR.sub("", body)
        intro = public.split("**Further reading**", 1)[0]
        assert len(intro.split()) >= 40, module
        assert len(LINK.findall(public.split("**Further reading**", 1)[1])) >= 3, module
        for part in parts:
            assert f"**{part}" in notes, (module, part)


def test_facilitator_pack_has_a_cohort_schedule_and_three_live_sessions():
    notes = [
        "\n".join(FACILITATOR.findall(split(os.path.join(m, "module.md"))[1])) for m in modules()
    ]
    assert re.search(r"^\| 1 \|.*\n\| 2 \|.*\n\| 3 \|.*\n\| 4 \|", notes[0], re.M)
    assert "## Live session 1" in notes[0]
    assert "## Live session 3" in notes[-1]
    assert any("## Live session 2" in n for n in notes[2:5])
    for session in (1, 2, 3):
        (text,) = [n for n in notes if f"## Live session {session}" in n]
        script = text.split(f"## Live session {session}", 1)[1].split("\n## ", 1)[0]
        minutes = [int(m) for m in re.findall(r"\((\d+) min\)", script)]
        assert sum(minutes) == 90, (session, minutes)


def test_every_lesson_has_reflections_with_ids_unique_in_the_course():
    seen: dict[str, str] = {}
    for path in lessons():
        body = split(path)[1]
        ids = REFLECTION.findall(body)
        assert ids, path
        assert body.count("\n::: reflection") == len(ids), path
        for rid in ids:
            assert rid not in seen, (rid, path, seen.get(rid))
            seen[rid] = path
        tail = body.split("## For your city", 1)[1]
        assert not re.search(r"^- ", tail, re.M), (
            f"{path}: a 'For your city' question is not a reflection"
        )
    assert len(seen) >= 60


def test_the_capstone_assignment_and_the_certificate_that_requires_it():
    last = items(modules()[-1])
    assignments = [p for path in modules() for p in items(path) if kind(p) == "assignment"]
    assert len(assignments) == 1 and assignments[0] in last
    settings, body = split(assignments[0])
    assert settings["title"] == "My city's first human rights agenda"
    assert settings["reviews"] == 2
    assert settings.get("required", True) is True
    brief, *criteria = re.split(r"^## ", body, flags=re.M)
    assert "reflection" in brief and "peers" in brief and "other cities" in brief
    ids = []
    for criterion in criteria:
        heading, _, rest = criterion.partition("\n")
        found = re.search(r"\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$", heading)
        assert found, heading
        ids.append(found.group(1))
        points = [int(p) for p in re.findall(r"^- (\d+) ", rest, re.M)]
        assert len(points) >= 2 and points == sorted(set(points)), heading
    assert len(criteria) >= 5 and len(set(ids)) == len(ids)
    course = front_matter(os.path.join(FLAGSHIP, "course.md"))
    assert course["sequential"] is True
    assert course["certificate"] == {
        "min_average": 70,
        "require_all_lessons": True,
        "require_assignments": True,
    }


def test_the_glossary_is_optional_and_linked_from_first_uses():
    first = items(modules()[0])
    (glossary,) = [p for p in first if os.path.basename(p).endswith("-glossary.md")]
    settings, body = split(glossary)
    assert settings["required"] is False
    terms = ["ICMPD", "CIDOB", "GOLD VI", "OIDP", "WHRCF", "MC2CM", "OHCHR"]
    for term in [*terms, "Right to the city", "Duty bearer"]:
        assert f"**{term}" in body, term
    order = [p for p in lessons() if p != glossary]
    for term in [*terms, "right to the city"]:
        users = [p for p in order if term in split(p)[1]]
        assert users, term
        assert re.search(r"\]\([^)]*06-glossary\.md\)", split(users[0])[1]), (term, users[0])
        link = rf"\[[^\]]*{re.escape(term)}[^\]]*\]\([^)]*06-glossary\.md\)"
        assert re.search(link, split(users[0])[1]), (term, users[0])


TWELVE_RIGHTS = [
    "Right to the city",
    "Right to participatory democracy",
    "Right to civic peace and safety in the city",
    "Right of women and men to equality",
    "Rights of children",
    "Right to accessible public services",
    "Freedom of conscience and religion, opinion and information",
    "Right to peaceful meeting, association and to form a trade union",
    "Cultural rights",
    "Right to housing and domicile",
    "Right to clean water and food",
    "Right to sustainable urban development",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def test_the_twelve_rights_each_with_one_action_and_a_link():
    (lesson,) = [p for p in items(modules()[1]) if p.endswith("-the-twelve-rights.md")]
    body = split(lesson)[1]
    sections = re.split(r"^### ", body, flags=re.M)[1:]
    assert [s.partition("\n")[0] for s in sections] == [
        f"{n}. {title}" for n, title in zip(ROMAN, TWELVE_RIGHTS, strict=True)
    ]
    for section in sections:
        text = section.split("\n## ", 1)[0]
        assert re.search(r"\*\*(One action|What the city commits to):\*\*", text), text[:40]
        assert "uclg-cisdp.org/en/right-to-the-city/" in text, text[:40]


def test_the_primary_texts_of_the_un_and_the_housing_declaration():
    un = " ".join(" ".join(split(p)[1].split()) for p in items(modules()[5]))
    for text in ["A/HRC/30/49", "7 August 2015", "24/2", "27/4", "33/8", "39/7", "45/7"]:
        assert text in un, text
    assert (
        "Cities for Adequate Housing — Municipalist Declaration of Local Governments for the"
        " Right to Housing and the Right to the City" in un
    )


def test_self_assessments_ask_the_same_questions_at_the_start_and_at_the_end():
    start, end = items(modules()[0])[0], items(modules()[-1])[-1]
    bodies = []
    for path in (start, end):
        settings, body = split(path)
        assert settings["type"] == "quiz" and settings["required"] is False, path
        assert settings["review"] == "always", path
        bodies.append(body[body.index("\n## ") :])
    assert bodies[0] == bodies[1]
    assert len(parse_quiz(bodies[0]).questions) >= 8


def test_flagship_quizzes_give_no_cue_and_teach_on_every_choice():
    for module in modules():
        for path in items(module):
            if kind(path) != "quiz":
                continue
            settings, body = split(path)
            quiz = parse_quiz(body, path=path)
            assert settings.get("shuffle", True) is True, path
            if settings.get("required", True):
                assert settings["draw"] < len(quiz.questions), path
            singles = [q for q in quiz.questions if q.kind == "single"]
            longest = 0
            for question in quiz.questions:
                if question.kind == "short":
                    assert plain(question.explanation_html), (path, question.qid)
                    continue
                wrong = len(question.options) - len(question.correct)
                assert question.kind == "single" or wrong >= 2, (path, question.qid)
                for option in question.options:
                    assert len(plain(option.feedback_html)) >= 20, (path, question.qid)
                if question.kind == "single":
                    sizes = [len(plain(o.html)) for o in question.options]
                    correct = sizes[question.correct[0]]
                    longest += correct == max(sizes) and sizes.count(correct) == 1
            assert longest * 2 <= len(singles), (path, longest, len(singles))


def test_flagship_hours_agree_with_the_minutes():
    """The items' minutes, plus the final assignment's two hours, make the declared hours."""
    total = 0
    for module in modules():
        for path in items(module):
            settings = front_matter(path)
            if kind(path) != "assignment":
                assert isinstance(settings.get("minutes"), int), path
                total += settings["minutes"]
    hours = front_matter(os.path.join(FLAGSHIP, "course.md"))["hours"]
    assert abs(total + 120 - hours * 60) <= hours * 60 * 0.05, (total, hours)
    assert f"about {hours} hours" in split(os.path.join(FLAGSHIP, "course.md"))[1]


def test_flagship_english_has_none_of_the_over_statements_the_reviewer_found():
    found = []
    for module in modules():
        for path in [os.path.join(module, "module.md"), *items(module)]:
            text = " ".join(split(path)[1].split())
            for phrase in (
                "does not invent new rights",
                'Declaration means by a "process"',
                "mid-2000s",
                "every year since 2011",
                "the Committee's plan gave its community of practice",
                "one of the main ways the Committee",
            ):
                if phrase in text:
                    found.append((path, phrase))
    assert found == []


def test_flagship_diagrams_read_on_a_phone():
    """Every English diagram is at most 400 px wide, with text of 14 px at least."""
    media = os.path.join(FLAGSHIP, "media")
    names = sorted(n for n in os.listdir(media) if n.endswith(".en.svg"))
    assert "m2-timeline.en.svg" in names
    for name in names:
        with open(os.path.join(media, name), encoding="utf-8") as handle:
            svg = handle.read()
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
        sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
        assert width <= 400 and min(sizes) >= 14, name
        assert re.search(r"<title>[^<]+</title>", svg) and re.search(r"<desc>[^<]{40,}</desc>", svg)


def test_flagship_sources_file_is_ignored_by_the_app_and_names_every_case(shipped):
    path = os.path.join(FLAGSHIP, "_sources.md")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for city in ("Seoul", "Montréal", "Mexico City", "Barcelona", "Tunisian", "Durban", "Vienna"):
        assert city in text, city
    assert not any(f.path.endswith("_sources.md") for f in shipped.files)
