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


# --- The two short courses (housing, migration): their second-edition shape, read from the raw
# Markdown where the loader does not give it yet (reflections, facilitator notes, assignments).

SHORT_COURSES = ("02-right-to-adequate-housing", "03-inclusive-cities-migration")
LOCALE_FILE = re.compile(r"\.[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?\.md$")
CRITERION = re.compile(r"^## .+ \{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$")
LEVEL = re.compile(r"^- (\d+) \S")
CASE = re.compile(r"^#{2,3} Case: ", re.M)


def _short_read(path):
    """Front matter (a dict) and body of one file."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _short_modules(course):
    """(module folder, [English item files in order]) for one short course."""
    root = os.path.join(CONTENT, "courses", course)
    modules = []
    for name in sorted(os.listdir(root)):
        folder = os.path.join(root, name)
        if not os.path.isdir(folder) or name == "media" or name[0] in "._":
            continue
        items = sorted(
            os.path.join(folder, f)
            for f in os.listdir(folder)
            if f.endswith(".md") and f != "module.md" and f[0] not in "._"
            if not LOCALE_FILE.search(f)
        )
        modules.append((folder, items))
    return modules


def _short_kind(front):
    return front.get("type", "lesson")


def _short_blocks(body, path):
    """The ::: blocks of a body as (kind, id or None, text), checking that each one is closed."""
    blocks, current = [], None
    for number, line in enumerate(body.splitlines(), 1):
        if current is None and line.startswith("::: "):
            match = REFLECTION.match(line)
            kind = "reflection" if match else line[4:].strip()
            current = [kind, match.group(1) if match else None, []]
        elif current is not None and line.strip() == ":::":
            blocks.append((current[0], current[1], "\n".join(current[2]).strip()))
            current = None
        elif current is not None:
            assert not line.startswith("::: "), f"{path}:{number}: block opened inside a block"
            current[2].append(line)
    assert current is None, f"{path}: unclosed ::: {current[0]} block"
    return blocks


@pytest.mark.parametrize("course", SHORT_COURSES)
def test_short_course_every_lesson_has_reflections_with_unique_ids(course):
    seen = {}
    for _, items in _short_modules(course):
        for path in items:
            front, body = _short_read(path)
            if _short_kind(front) != "lesson":
                continue
            reflections = [b for b in _short_blocks(body, path) if b[0] == "reflection"]
            assert reflections, f"{path}: no ::: reflection block"
            for _, rid, text in reflections:
                assert rid not in seen, f"{path}: reflection id {rid!r} also in {seen[rid]}"
                assert len(text.split()) >= 8, f"{path}: reflection {rid!r} is too short"
                seen[rid] = path
            assert "- " not in body.split("## For your city", 1)[-1].split(":::", 1)[0], path
    assert len(seen) >= 14, course


@pytest.mark.parametrize("course", SHORT_COURSES)
def test_short_course_every_module_has_a_case_facilitator_notes_and_further_reading(course):
    for folder, items in _short_modules(course):
        front, body = _short_read(os.path.join(folder, "module.md"))
        facilitator = [b for b in _short_blocks(body, folder) if b[0] == "facilitator"]
        assert len(facilitator) == 1, folder
        notes = facilitator[0][2]
        for part in ("Discussion prompt", "Group exercise", "Debrief", "Common misconceptions"):
            assert f"**{part}" in notes, (folder, part)
        reading = body.split("### Further reading", 1)
        assert len(reading) == 2, folder
        assert reading[1].split(":::", 1)[0].count("](https://") >= 2, folder
        lessons = [_short_read(p)[1] for p in items if _short_kind(_short_read(p)[0]) == "lesson"]
        cases = [b for b in lessons if CASE.search(b)]
        assert cases, f"{folder}: no lesson with a '## Case:' section"
        for text in cases:
            case = CASE.split(text, 1)[1]
            assert re.search(r"as of (19|20)\d\d", case), folder
            assert "](http" in case, folder
            assert "What an official elsewhere can take from it" in case, folder


@pytest.mark.parametrize("course", SHORT_COURSES)
def test_short_course_ends_with_a_required_assignment_reviewed_by_two_peers(course):
    front, _ = _short_read(os.path.join(CONTENT, "courses", course, "course.md"))
    assert front["certificate"]["require_assignments"] is True
    modules = _short_modules(course)
    assignments = [
        p for _, items in modules for p in items if _short_kind(_short_read(p)[0]) == "assignment"
    ]
    assert assignments == [modules[-1][1][-1]], "one assignment, the last item of the course"
    front, body = _short_read(assignments[0])
    assert front["reviews"] == 2 and front.get("required", True) is True
    assert set(front) <= {"type", "title", "reviews", "pass_mark", "max_words", "required"}
    criteria, current = {}, None
    for line in body.splitlines():
        match = CRITERION.match(line)
        if match:
            current = criteria.setdefault(match.group(1), [])
        elif current is not None and LEVEL.match(line):
            current.append(int(LEVEL.match(line).group(1)))
        else:
            assert current is None or not line.startswith("## "), line
    assert 2 <= len(criteria) <= 3, criteria
    for cid, points in criteria.items():
        assert len(points) >= 2 and points[0] == 0, cid
        assert points == sorted(set(points)), f"{cid}: points must strictly increase"
    brief = body.split("\n## ", 1)[0]
    reflections = {
        b[1]
        for _, items in modules
        for p in items
        for b in _short_blocks(_short_read(p)[1], p)
        if b[0] == "reflection"
    }
    assert reflections and "reflections" in brief, "the brief builds on the reflections"


@pytest.mark.parametrize("course", SHORT_COURSES)
def test_short_course_glossary_is_optional_and_every_link_to_it_lands_on_a_term(course):
    modules = _short_modules(course)
    glossary = [p for p in modules[0][1] if p.endswith("-glossary.md")]
    assert len(glossary) == 1, "one glossary, in module 1 (open from the start)"
    front, body = _short_read(glossary[0])
    assert front["required"] is False
    terms = set(re.findall(r'<a id="([a-z0-9-]+)"></a>\*\*', body))
    assert len(terms) >= 20
    linked = set()
    paths = [os.path.join(CONTENT, "courses", course, "course.md")]
    paths += [p for folder, items in modules for p in [*items, os.path.join(folder, "module.md")]]
    for path in paths:
        for term in re.findall(r"-glossary\.md#([a-z0-9-]+)\)", _short_read(path)[1]):
            assert term in terms, f"{path}: no glossary term #{term}"
            linked.add(term)
    assert len(linked) >= 20, sorted(terms - linked)


@pytest.mark.parametrize("course", SHORT_COURSES)
def test_short_course_quizzes_give_no_cue_and_teach_on_every_option(course):
    titles = {}
    for folder, items in _short_modules(course):
        module_title = _short_read(os.path.join(folder, "module.md"))[0]["title"]
        for path in items:
            front, body = _short_read(path)
            if _short_kind(front) != "quiz":
                continue
            titles[path] = (front["title"], module_title)
            assert front.get("shuffle", True) is True, path
            questions = re.split(r"^## ", body, flags=re.M)[1:]
            assert front["draw"] <= len(questions) - 2, f"{path}: draw from a larger pool"
            singles = longest = 0
            for question in questions:
                options = re.findall(r"^- \[([ x])\] (.*)\n((?:  .*\n)*)", question, re.M)
                if not options:
                    assert re.search(r"^= \S", question, re.M), question[:60]
                    continue
                for _, text, feedback in options:
                    assert len(feedback.split()) >= 4, f"{path}: no feedback under {text!r}"
                right = [text for mark, text, _ in options if mark == "x"]
                wrong = [text for mark, text, _ in options if mark == " "]
                if len(right) > 1:
                    assert len(wrong) >= 2, f"{path}: a select-all with one wrong option"
                else:
                    singles += 1
                    longest += len(right[0]) > max(len(t) for t in wrong)
            assert longest * 2 <= singles, f"{path}: the correct option is often the longest"
    for title, module_title in titles.values():
        assert title == f"Quiz: {module_title}", "the flagship's pattern: 'Quiz: <module title>'"


@pytest.mark.parametrize("course", SHORT_COURSES)
def test_short_course_hours_agree_with_the_minutes_of_its_items(course):
    front, body = _short_read(os.path.join(CONTENT, "courses", course, "course.md"))
    minutes = 0
    for _, items in _short_modules(course):
        for path in items:
            item, _ = _short_read(path)
            if item.get("required", True) is not False and _short_kind(item) != "assignment":
                minutes += item["minutes"]
    assignment = re.search(r"(\d+) hours? for the assignment", body)
    assert assignment, "course.md says how long the assignment takes"
    total = minutes + 60 * int(assignment.group(1))
    assert abs(total - 60 * front["hours"]) <= 10, (total, front["hours"])


def test_short_courses_tell_no_story_of_the_flagship_again():
    """The seed's COVID-19 paragraph and the flagship's cases are told in the flagship only.

    A short course may sum one up in a paragraph that names the flagship, once."""
    retold = ("front line", "Kim Dae Jung", "human rights ombudsman, monitoring", "1,444 files")
    for course in SHORT_COURSES:
        summaries = []
        for folder, items in _short_modules(course):
            for path in [*items, os.path.join(folder, "module.md")]:
                for paragraph in _short_read(path)[1].split("\n\n"):
                    if any(phrase in paragraph for phrase in retold):
                        assert "*Human Rights Cities*" in paragraph, (path, paragraph[:80])
                        summaries.append(path)
                    assert "every year since 2011" not in paragraph, path
                    assert "main ways the" not in paragraph, path
        assert len(summaries) <= 1, summaries


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
            kind = {"quiz": "quizzes", "assignment": "assignments"}.get(lesson.kind, "lessons")
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
