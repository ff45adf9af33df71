"""Certificate eligibility on the course page: what is still missing, then eligible."""

from __future__ import annotations

RIGHT = {"q-adopted-by": "1", "q-charters": ["0", "1"], "q-forum-city": "Gwangju"}
HALF = {"q-adopted-by": "0", "q-charters": ["0", "1"], "q-forum-city": "Gwangju"}  # 67%


def certificate_section(client) -> str:
    page = client.get("/courses/demo/").get_data(as_text=True)
    start = page.index('id="certificate-heading"')
    return page[start : page.index("</section>", start)]


def test_course_page_says_what_is_missing_until_eligible(client, enrolled, runner, synced):
    section = certificate_section(client)
    assert "complete the lesson “Introduction”" in section
    assert "complete the lesson “Housing”" in section
    assert "Charters" not in section  # optional
    assert "pass the quiz “Check your understanding”" in section
    client.post("/courses/demo/lessons/intro/done")
    client.post("/courses/demo/quizzes/check/attempts", data=HALF)
    section = certificate_section(client)
    assert "Introduction" not in section
    assert "pass the quiz" in section  # 67% < pass mark 70
    client.post("/courses/demo/quizzes/check/attempts", data=RIGHT)
    client.post("/courses/demo/lessons/housing/done")
    assert "You meet every requirement" in certificate_section(client)


def test_average_below_the_minimum_is_shown(client, enrolled, runner, synced):
    synced.replace("courses/01-demo/course.md", "min_average: 70", "min_average: 90")
    synced.replace("courses/01-demo/01-basics/03-check.md", "pass_mark: 70", "pass_mark: 60")
    assert runner.invoke(args=["content", "sync", str(synced.root)]).exit_code == 0
    client.post("/courses/demo/lessons/intro/done")
    client.post("/courses/demo/quizzes/check/attempts", data=HALF)
    client.post("/courses/demo/lessons/housing/done")
    section = certificate_section(client)
    assert "raise the average of your best quiz scores to 90% (now 67%)" in section


def test_no_section_without_a_certificate(client, enrolled, runner, synced):
    synced.replace(
        "courses/01-demo/course.md",
        "certificate: {min_average: 70, require_all_lessons: true}",
        "certificate: false",
    )
    assert runner.invoke(args=["content", "sync", str(synced.root)]).exit_code == 0
    assert 'id="certificate-heading"' not in client.get("/courses/demo/").get_data(as_text=True)


def test_missing_items_in_french(client, enrolled):
    page = client.get("/courses/demo/?lang=fr").get_data(as_text=True)
    assert "Pour obtenir le certificat, il vous reste à :" in page
    assert "terminer la leçon « Introduction (fr) »" in page
