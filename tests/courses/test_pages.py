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
