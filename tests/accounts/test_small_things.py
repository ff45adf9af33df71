"""Small things a user notices: the token's header shown as text behind a disclosure, dates in
the page's language, the welcome in the language of registration."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale

from mooc.i18n import format_moment


def test_the_api_token_help_shows_the_header_as_text_behind_a_disclosure(client, learner):
    page = client.get("/account").get_data(as_text=True)
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in page
    assert page.index("<details") < page.index("Authorization: Bearer")


def test_dates_use_the_medium_date_of_the_page_language(app):
    moment = datetime(2026, 12, 3, 15, 29)
    with app.test_request_context("/"), force_locale("fr"):
        assert format_moment(moment) == "3 déc. 2026, 15:29"
    with app.test_request_context("/"), force_locale("en"):
        assert "Dec 3, 2026" in format_moment(moment) and "12/3/26" not in format_moment(moment)


def test_registering_in_french_welcomes_in_french(client, synced):
    client.get("/?lang=fr")
    data = {"email": "a@example.org", "password": "a long password", "display_name": "A"}
    page = client.post(
        "/register", data={**data, "certificate_name": "A", "language": "fr"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Bienvenue ! Votre compte est prêt." in page
