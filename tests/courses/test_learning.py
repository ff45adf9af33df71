"""The learner's journey through the pages: enrol, read, mark done, resume, gating, paths."""

from __future__ import annotations

from sqlalchemy import select

from mooc.courses.models import Enrolment, Lesson, LessonProgress
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt
from tests.factories import UserFactory
from tests.trees import MODULE, MODULE2

RIGHT = {"q-adopted-by": "1", "q-charters": ["0", "1"], "q-forum-city": " gwangju "}


def test_lessons_need_an_account_and_an_enrolment(client, synced, learner):
    client.post("/logout")
    response = client.get("/courses/demo/lessons/intro")
    assert response.status_code == 302 and "/login" in response.location
    UserFactory()
    from tests.factories import PASSWORD

    client.post("/login", data={"email": learner.email, "password": PASSWORD})
    response = client.get("/courses/demo/lessons/intro")
    assert response.status_code == 302 and response.location == "/courses/demo/"


def test_enrol_read_mark_done_and_progress(client, enrolled):
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert "Your progress: 0%" in page
    response = client.post("/courses/demo/lessons/intro/done")
    assert response.location == "/courses/demo/lessons/charters"
    page = client.get("/courses/demo/").get_data(as_text=True)
    # 3 required items (intro, check, housing); charters is optional
    assert "Your progress: 33%" in page
    assert "✓ done" in page
    client.post("/courses/demo/lessons/intro/done")  # twice: still one record
    assert db.session.query(LessonProgress).count() == 1


def test_resume_where_the_learner_left_off(client, enrolled):
    client.get("/courses/demo/lessons/charters")
    response = client.get("/courses/demo/resume")
    assert response.location == "/courses/demo/lessons/charters"
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert "Continue where you left off: Charters" in page


def test_sequential_modules_open_in_order_with_the_reason_shown(client, enrolled):
    response = client.get("/courses/demo/lessons/housing")
    assert response.status_code == 403
    assert "This module opens when you complete “Basics”." in response.get_data(as_text=True)
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert "Opens when you complete “Basics”." in page
    client.post("/courses/demo/lessons/intro/done")
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    # the optional lesson "charters" was never done: it does not block
    assert client.get("/courses/demo/lessons/housing").status_code == 200


def test_optional_lessons_do_not_block_completion(client, enrolled):
    client.post("/courses/demo/lessons/intro/done")
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    client.post("/courses/demo/lessons/housing/done")
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert "Your progress: 100%" in page
    assert "You have completed this course." in page
    assert db.session.scalar(select(Enrolment)).completed_at is not None


def test_progress_survives_renumbering_moving_deleting_and_restoring(
    client, enrolled, runner, synced
):
    client.post("/courses/demo/lessons/intro/done")
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    tree = synced

    def sync():
        result = runner.invoke(args=["content", "sync", str(tree.root)])
        assert result.exit_code == 0, result.output

    def percent():
        return client.get("/courses/demo/").get_data(as_text=True)

    tree.replace(f"{MODULE}/01-intro.md", "title: Introduction", "title: Welcome")
    tree.move(f"{MODULE}/01-intro.md", f"{MODULE}/04-intro.md")
    tree.move(f"{MODULE}/01-intro.fr.md", f"{MODULE}/04-intro.fr.md")
    tree.move(f"{MODULE}/03-check.md", f"{MODULE2}/05-check.md")
    tree.move(f"{MODULE}/03-check.fr.md", f"{MODULE2}/05-check.fr.md")
    tree.replace(f"{MODULE}/04-intro.md", "(03-check.md#q)", "(../02-more/05-check.md#q)")
    sync()
    assert "✓ done" in percent() and "Welcome" in percent()
    assert "Your progress: 67%" in percent()
    saved = {name: tree.read(f"{MODULE2}/{name}") for name in ("05-check.md", "05-check.fr.md")}
    tree.remove(f"{MODULE2}/05-check.md")
    tree.remove(f"{MODULE2}/05-check.fr.md")
    tree.replace(f"{MODULE}/04-intro.md", "[the quiz](../02-more/05-check.md#q)", "the quiz")
    sync()
    assert "Your progress: 50%" in percent()  # archived: it no longer counts
    assert db.session.query(QuizAttempt).count() == 1  # ... but the record stays
    for name, text in saved.items():
        tree.write(f"{MODULE2}/{name}", text)
    sync()
    assert "Your progress: 67%" in percent()
    check = db.session.scalar(select(Lesson).where(Lesson.slug == "check"))
    assert check.archived_at is None


def test_course_page_query_count_does_not_grow_with_the_course(
    client, learner, tree, runner, count_queries
):
    def build(lessons: int) -> int:
        course = f"courses/{lessons:03d}-big{lessons}"
        tree.write(f"{course}/course.md", f"---\ntitle: Big {lessons}\nsummary: S\n---\n")
        for m in range(max(1, lessons // 20)):
            tree.write(f"{course}/{m:02d}-m{m}/module.md", f"---\ntitle: M{m}\n---\n")
            for n in range(min(lessons, 20)):
                tree.write(
                    f"{course}/{m:02d}-m{m}/{n:02d}-l{m}-{n}.md",
                    f"---\ntitle: L{m}-{n}\n---\n\nText.\n",
                )
        assert runner.invoke(args=["content", "sync", str(tree.root)]).exit_code == 0
        slug = f"big{lessons}"
        client.post(f"/courses/{slug}/enrol")
        lessons_ids = db.session.scalars(select(Lesson.id).where(Lesson.slug.like("l%"))).all()
        for lesson_id in lessons_ids:
            if not db.session.scalar(
                select(LessonProgress).where(
                    LessonProgress.user_id == learner.id, LessonProgress.lesson_id == lesson_id
                )
            ):
                db.session.add(LessonProgress(user_id=learner.id, lesson_id=lesson_id))
        db.session.commit()
        with count_queries() as counter:
            page = client.get(f"/courses/{slug}/")
        assert page.status_code == 200
        assert "Your progress: 100%" in page.get_data(as_text=True)
        return counter.count

    small = build(5)
    big = build(200)
    assert big == small
    assert big <= 8


def test_path_page_shows_next_course_and_gating(client, learner, tree, runner):
    tree.baseline()
    tree.write("courses/02-second/course.md", "---\ntitle: Second\nsummary: S\n---\n")
    tree.write("courses/02-second/01-m/module.md", "---\ntitle: M\n---\n")
    tree.write("courses/02-second/01-m/01-only.md", "---\ntitle: Only\n---\n\nText.\n")
    tree.replace("paths/practitioner.md", "[demo]", "[demo, second]")
    assert runner.invoke(args=["content", "sync", str(tree.root)]).exit_code == 0
    page = client.get("/paths/practitioner").get_data(as_text=True)
    assert "Follow this path" in page
    client.post("/paths/practitioner/enrol")
    page = client.get("/paths/practitioner").get_data(as_text=True)
    assert "Path progress: 0%" in page
    assert "Next course:" in page and "Demo course" in page
    assert "Opens when you complete “Demo course”." in page
    response = client.post("/paths/practitioner/courses/second/enrol")
    assert response.status_code == 303
    assert db.session.query(Enrolment).count() == 1  # only the first course
    client.post("/courses/demo/lessons/intro/done")
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    client.post("/courses/demo/lessons/housing/done")
    page = client.get("/paths/practitioner").get_data(as_text=True)
    assert "Path progress: 50%" in page
    assert client.post("/paths/practitioner/courses/second/enrol").status_code == 302
    assert db.session.query(Enrolment).count() == 2


def test_marking_a_lesson_of_a_locked_module_or_unenrolled_is_refused(client, learner, synced):
    response = client.post("/courses/demo/lessons/intro/done")
    assert response.status_code == 302 and response.location == "/courses/demo/"
    client.post("/courses/demo/enrol")
    assert client.post("/courses/demo/lessons/housing/done").status_code == 403
    assert client.post("/courses/demo/lessons/nope/done").status_code == 404
    assert client.post("/courses/demo/lessons/check/done").status_code == 404  # a quiz
    assert db.session.query(LessonProgress).count() == 0


def test_a_locked_module_is_named_by_its_title_in_pages_and_api(client, enrolled):
    # The lesson page renders the locked page, which names and links the module to complete.
    page = client.get("/courses/demo/lessons/housing")
    assert page.status_code == 403
    text = page.get_data(as_text=True)
    assert "This module opens when you complete “Basics”." in text
    assert 'href="/courses/demo/#module-basics"' in text
    # Marking it done from the page is refused the same way.
    done = client.post("/courses/demo/lessons/housing/done")
    assert done.status_code == 403
    assert "“Basics”" in done.get_data(as_text=True)
    # The API says the same, by title (not the module's database id), in the reader's language.
    for path in (
        "/api/v1/courses/demo/lessons/housing",
        "/api/v1/courses/demo/lessons/housing/done",
    ):
        method = client.get if path.endswith("housing") else client.post
        error = method(path).get_json()["error"]
        assert error == {
            "code": "locked",
            "message": "This module opens when you complete “Basics”.",
        }
    french = client.get("/api/v1/courses/demo/lessons/housing?lang=fr").get_json()["error"]
    assert "« Les bases »" in french["message"]
