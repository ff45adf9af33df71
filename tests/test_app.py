"""The application shell: languages, error pages, the layout, media."""

from __future__ import annotations

import pytest

from mooc import create_app


def test_environment_variables_configure_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("MOOC_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("MOOC_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("MOOC_SECRET_KEY", "from-env")
    monkeypatch.setenv("MOOC_BASE_URL", "https://learn.example")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/x.db"
    assert app.config["CONTENT_DIR"] == str(tmp_path / "content")
    assert app.secret_key == "from-env"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_default_database_is_sqlite_under_instance(monkeypatch):
    monkeypatch.delenv("MOOC_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    assert url.startswith("sqlite:///") and url.endswith("instance/mooc.sqlite3")


def test_a_server_database_keeps_the_engine_options_it_was_given():
    # The CI's PostgreSQL run timed out on a pool of 5 because these were replaced.
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/test",
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 22},
        }
    )
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_size": 22, "pool_recycle": 1800}
    with app.app_context():
        from mooc.extensions import db

        assert db.engine.pool.size() == 22


def backend_dropped(app, url: str) -> int:
    """A pooled connection's server process, ended by the server (as a restart or a firewall
    would); its pid."""
    from sqlalchemy import create_engine, text

    from mooc.extensions import db

    with db.engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    return pid


@pytest.mark.parametrize("ping_after", [0.05, 3600])
def test_a_pooled_connection_the_server_dropped_is_replaced(ping_after):
    """Idle longer than DATABASE_PING_AFTER: pinged and replaced before use (no pre-ping round
    trip on each request). Used more recently: that one use fails, and the pool starts anew."""
    import time

    from sqlalchemy import exc, text

    from mooc.extensions import db
    from tests.conftest import TEST_DATABASE_URL

    if not TEST_DATABASE_URL:
        pytest.skip("a server database (SQLite files are never dropped)")
    app = create_app(
        {"TESTING": True, "DATABASE_URL": TEST_DATABASE_URL, "DATABASE_PING_AFTER": ping_after}
    )
    with app.app_context():
        try:
            pid = backend_dropped(app, TEST_DATABASE_URL)
            time.sleep(0.2)
            if ping_after < 1:
                with db.engine.connect() as conn:
                    assert conn.execute(text("SELECT pg_backend_pid()")).scalar() != pid
            else:
                with pytest.raises(exc.OperationalError), db.engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                with db.engine.connect() as conn:
                    assert conn.execute(text("SELECT pg_backend_pid()")).scalar() != pid
        finally:
            db.engine.dispose()


@pytest.mark.parametrize(
    ("headers", "query", "expected"),
    [
        ({}, "", "en"),
        ({"Accept-Language": "fr-FR,fr;q=0.9"}, "", "fr"),
        ({"Accept-Language": "es"}, "", "es"),
        ({"Accept-Language": "de, es;q=0.5"}, "", "es"),
        ({"Accept-Language": "fr"}, "?lang=es", "es"),
        ({}, "?lang=xx", "en"),
    ],
)
def test_locale_from_query_then_accept_language_then_english(client, headers, query, expected):
    page = client.get(f"/{query}", headers=headers).get_data(as_text=True)
    assert f'<html lang="{expected}">' in page


def test_language_choice_is_remembered(client):
    client.get("/?lang=fr")
    page = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="fr">' in page


def test_language_switcher_links_every_language(client):
    page = client.get("/").get_data(as_text=True)
    for code, name in (("en", "English"), ("fr", "Français"), ("es", "Español")):
        assert f'href="?lang={code}" lang="{code}" hreflang="{code}"' in page
        assert name in page


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "Page not found"), ("fr", "Page introuvable"), ("es", "Página no encontrada")],
)
def test_404_page_in_three_languages(client, lang, text):
    response = client.get(f"/no/such/page?lang={lang}")
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "Access denied"), ("fr", "Accès refusé"), ("es", "Acceso denegado")],
)
def test_403_page_in_three_languages(app, client, lang, text):
    from flask import abort

    app.add_url_rule("/forbidden-test", "forbidden_test", lambda: abort(403))
    response = client.get(f"/forbidden-test?lang={lang}")
    assert response.status_code == 403
    assert text in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "Something went wrong"), ("fr", "Une erreur est survenue"), ("es", "Algo salió mal")],
)
def test_500_page_in_three_languages(app, client, lang, text):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom():
        raise RuntimeError("boom")

    app.add_url_rule("/boom-test", "boom_test", boom)
    response = client.get(f"/boom-test?lang={lang}")
    assert response.status_code == 500
    assert text in response.get_data(as_text=True)


def test_catalogue_course_and_lesson_pages(client, enrolled):
    page = client.get("/").get_data(as_text=True)
    assert "Demo course" in page and 'href="/courses/demo/"' in page
    page = client.get("/courses/demo/").get_data(as_text=True)
    for piece in ("Basics", "Introduction", "Charters", "optional", "Check your understanding"):
        assert piece in page
    page = client.get("/courses/demo/lessons/intro").get_data(as_text=True)
    assert "<strong>community</strong>" in page
    assert 'rel="next" class="next" href="/courses/demo/lessons/charters"' in page


def test_lesson_in_the_readers_language_with_fallback_notice(client, enrolled):
    page = client.get("/courses/demo/lessons/intro?lang=fr").get_data(as_text=True)
    assert "Une ville des droits humains" in page
    assert "not yet available" not in page
    page = client.get("/courses/demo/lessons/intro?lang=es").get_data(as_text=True)
    assert "A human rights city" in page  # the course's default language
    assert 'lang="en"' in page
    assert "todavía no está disponible" in page


def test_quiz_page_never_shows_the_key(client, enrolled):
    client.post("/courses/demo/lessons/intro/done")  # module 1 is open: the course is sequential
    page = client.get("/courses/demo/quizzes/check").get_data(as_text=True)
    assert "The UCLG World Council" in page
    assert 'type="checkbox"' in page  # select all that apply
    for secret in ("adopted no charter", "Florence", "Gwangju hosts it", "correct"):
        assert secret not in page


def test_unknown_draft_and_archived_courses_are_404(client, enrolled, synced, runner):
    assert client.get("/courses/nope/").status_code == 404
    assert client.get("/courses/demo/lessons/nope").status_code == 404
    assert client.get("/courses/demo/quizzes/intro").status_code == 404  # a lesson, not a quiz
    synced.replace("courses/01-demo/course.md", "hours: 2", "hours: 2\nstatus: draft")
    runner.invoke(args=["content", "sync", str(synced.root)])
    assert client.get("/courses/demo/").status_code == 404


def test_media_served_from_the_course_media_folder_only(client, synced):
    response = client.get("/courses/demo/media/map.svg")
    assert response.status_code == 200
    assert b"<title>Map</title>" in response.get_data()
    response.close()
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    synced.write("courses/01-demo/secret.txt", "secret")
    for path in (
        "../course.md",
        "..%2Fcourse.md",
        "../secret.txt",
        "%2e%2e/secret.txt",
        "nope.png",
    ):
        assert client.get(f"/courses/demo/media/{path}").status_code == 404


def test_path_page_lists_its_courses(client, synced):
    page = client.get("/paths/practitioner?lang=fr").get_data(as_text=True)
    assert "Praticien" in page and "Cours de démonstration" in page


def test_reads_end_with_commit_and_keep_prepared_statements():
    """On PostgreSQL a request that only read ends with COMMIT (psycopg forgets its prepared
    statements at each ROLLBACK); one that wrote, failed, or left changes ends with ROLLBACK.
    Each request has its own app context here, as in production."""
    from sqlalchemy import create_engine, text

    from mooc.extensions import db
    from tests.conftest import TEST_DATABASE_URL

    if not TEST_DATABASE_URL:
        pytest.skip("a server database (psycopg's prepared statements)")
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS probe_rows (label text)"))
        conn.execute(text("DELETE FROM probe_rows"))
    app = create_app({"TESTING": True, "DATABASE_URL": TEST_DATABASE_URL, "SECRET_KEY": "t"})

    @app.get("/probe/read")
    def read():
        db.session.execute(text("SELECT 1 AS probe")).all()
        return str(db.session.scalar(text("SELECT count(*) FROM pg_prepared_statements")))

    @app.get("/probe/<label>")
    def write(label: str):
        db.session.execute(text("SELECT 1")).all()
        if label == "pending":
            from mooc.accounts.models import User

            db.session.add(User(email="pending@example.org", password_hash="x", display_name="P"))
            return "added, never flushed"
        db.session.execute(text("INSERT INTO probe_rows VALUES (:label)"), {"label": label})
        if label == "failing":
            raise RuntimeError("boom")
        if label == "committed":
            db.session.commit()  # an operation's commit closes the first connection
            db.session.execute(text("SELECT 2")).all()
        return "written"

    def rows() -> list[str]:
        with admin.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT label FROM probe_rows"))]

    client = app.test_client()
    try:
        counts = [int(client.get("/probe/read").get_data(as_text=True)) for _ in range(7)]
        assert counts[-1] >= 1  # prepared after psycopg's five runs: no ROLLBACK in between
        assert client.get("/probe/written").status_code == 200
        assert client.get("/probe/pending").status_code == 200
        with pytest.raises(RuntimeError):  # TESTING lets it through; the request still ends
            client.get("/probe/failing")
        assert rows() == []  # written, never committed: rolled back
        with admin.connect() as conn:
            pending = "SELECT count(*) FROM users WHERE email = 'pending@example.org'"
            assert conn.execute(text(pending)).scalar() == 0
        assert client.get("/probe/committed").status_code == 200
        assert rows() == ["committed"]
    finally:
        with app.app_context():
            db.engine.dispose()
        with admin.connect() as conn:
            conn.execute(text("DROP TABLE IF EXISTS probe_rows"))
        admin.dispose()


def test_a_signed_in_learner_s_pages_follow_the_language_she_chooses(client, enrolled):
    """The page's chrome and its content in the chosen language, for a signed-in learner too
    (her account's language is English)."""
    for path, french in (
        ("/learning?lang=fr", "Mon apprentissage"),
        ("/learning", "Mon apprentissage"),  # remembered
        ("/courses/demo/?lang=fr", "Aller au contenu"),
        ("/courses/demo/lessons/intro?lang=fr", "Se déconnecter"),
    ):
        page = client.get(path).get_data(as_text=True)
        assert '<html lang="fr">' in page and french in page, path
        assert "Skip to content" not in page and "Sign out" not in page, path
