"""The course page leads with the outline; lessons keep you oriented; locked pages say what
opens them."""

from __future__ import annotations

RIGHT = {"q-adopted-by": "1", "q-charters": ["0", "1"], "q-forum-city": "Gwangju"}


def test_the_course_page_leads_with_progress_and_the_outline(client, enrolled):
    client.post("/courses/demo/lessons/intro/done")
    page = client.get("/courses/demo/").get_data(as_text=True)
    outline = page.index('id="outline-heading"')
    assert page.index("Your progress: 33%") < outline < page.index('id="about-heading"')
    assert page.index('id="certificate-heading"') > outline
    assert "1 of 2 done" in page  # required items of module 1
    assert 'aria-current="step"' in page  # the next item is marked


def test_a_lesson_shows_its_module_with_checkmarks_and_previous_next(client, enrolled):
    client.post("/courses/demo/lessons/intro/done")
    page = client.get("/courses/demo/lessons/charters").get_data(as_text=True)
    assert 'class="module-nav desktop-only"' in page and 'class="module-nav phone-only"' in page
    assert '<li aria-current="page">' in page and "✓" in page
    assert 'rel="prev" href="/courses/demo/lessons/intro"' in page
    assert 'rel="next" class="next" href="/courses/demo/quizzes/check"' in page


def test_a_locked_page_names_the_module_that_opens_it_and_links_to_it(client, enrolled):
    response = client.get("/courses/demo/lessons/housing")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "This module opens when you complete “Basics”." in page
    assert 'href="/courses/demo/#module-basics"' in page
    assert 'Your next step: <a href="/courses/demo/lessons/intro">' in page
    course = client.get("/courses/demo/").get_data(as_text=True)
    assert '<a href="#module-basics">🔒 Opens when you complete “Basics”.</a>' in course


def test_a_learner_downloads_the_whole_course_in_her_language_as_one_pdf(client, enrolled):
    import subprocess

    page = client.get("/courses/demo/?lang=fr").get_data(as_text=True)
    assert 'href="/courses/demo/offline.pdf"' in page
    response = client.get("/courses/demo/offline.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "demo-fr.pdf" in response.headers["Content-Disposition"]
    pdf = response.get_data()
    response.close()
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Cours de démonstration" in text and "Le logement est un droit." in text
    assert "Gwangju hosts it" not in text  # no quiz key


def test_the_offline_copy_is_for_enrolled_learners(client, learner, synced):
    assert client.get("/courses/demo/offline.pdf").status_code == 302


def test_the_offline_copies_can_be_rendered_ahead_of_time(runner, synced):
    result = runner.invoke(args=["content", "offline", "--course", "demo"])
    assert result.exit_code == 0, result.output
    assert "demo (en):" in result.output and "demo (fr):" in result.output
