"""Input that used to answer 500: deep JSON, huge numbers, NUL bytes, non-ASCII file names
(through a real gunicorn), an unreachable database, YAML alias bombs."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
import requests

from mooc import create_app
from mooc.config import project_root
from mooc.extensions import db
from tests.cohorts.helpers import make_cohort
from tests.factories import PASSWORD, CityFactory, UserFactory
from tests.routes import rules
from tests.scratch import scratch_database
from tests.smtp import free_port
from tests.trees import MODULE

JSON_WRITES = [r for r in rules({"POST", "PATCH", "PUT"}) if r.rule.startswith("/api/")]


def nested(depth: int, open_="[", close="]") -> str:
    return open_ * depth + close * depth


@pytest.mark.parametrize("depth", [100, 1_000, 5_000, 100_000])
@pytest.mark.parametrize("shape", ["list", "object", "mixed"])
def test_deep_json_is_a_400_on_every_json_endpoint(app, client, synced, depth, shape):
    if shape == "list":
        body = nested(depth)
    elif shape == "object":
        body = '{"a":' * depth + "1" + "}" * depth
    else:
        body = '{"email": ' + '[{"x":' * (depth // 2) + "1" + "}]" * (depth // 2) + "}"
    user = UserFactory(role="admin")
    from mooc.accounts.services import create_token

    _row, plain = create_token(user, "t")
    for rule in JSON_WRITES:
        path = rule.rule.replace("<slug>", "demo").replace("<item>", "intro")
        path = path.replace("<int:cohort_id>", "1").replace("<code>", "ABC")
        path = path.replace("<int:number>", "1").replace("<int:token_id>", "1")
        for method in sorted((rule.methods or set()) & {"POST", "PATCH", "PUT"}):
            for headers in ({}, {"Authorization": f"Bearer {plain}"}):
                response = client.open(
                    path,
                    method=method,
                    data=body,
                    headers={"Content-Type": "application/json", **headers},
                )
                assert response.status_code < 500, (method, path, response.status_code)


def test_a_deep_string_inside_json_is_fine(client):
    body = '{"email": "' + "[" * 5000 + '@example.org", "password": "x"}'
    response = client.post(
        "/api/v1/tokens", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (401, 422)


HUGE = [str(sys.maxsize + 1), "9" * 40, str(2**31), "-" + "9" * 30, "1e309", "１２３", "²"]


@pytest.mark.parametrize("value", HUGE)
def test_huge_page_and_city_numbers(client, auth, synced, value):
    cohort, trainer = make_cohort()
    auth.login(trainer)
    for path in (f"/api/v1/cohorts/{cohort.id}/learners", f"/cohorts/{cohort.id}"):
        response = client.get(path, query_string={"page": value})
        assert response.status_code == 200, (path, value)
    auth.logout()
    auth.login(UserFactory(role="admin"))
    for query in (
        {"scope": "city", "value": value},
        {"city": value},
    ):
        for path in ("/admin/reports", "/admin/reports.csv", "/api/v1/reports"):
            response = client.get(path, query_string=query)
            assert response.status_code < 500, (path, query, response.status_code)


NULS = ["\x00", "a\x00b@example.org", "%00", "\x00" * 50]


@pytest.mark.parametrize("nul", NULS)
def test_nul_bytes_in_forms_and_query_strings_are_refused(client, auth, synced, nul):
    cohort, trainer = make_cohort()
    auth.login(trainer)
    sent = nul.replace("%00", "\x00")
    forms = [
        (f"/cohorts/{cohort.id}/learners", {"emails": f"ana@example.org\n{sent}"}),
        (f"/cohorts/{cohort.id}/trainers", {"email": sent}),
        ("/password/forgot", {"email": sent}),
        ("/login", {"email": sent, "password": sent}),
        (f"/cohorts/{cohort.id}/learners", {f"emails{sent}": "ana@example.org"}),
    ]
    for path, data in forms:
        response = client.post(path, data=data)
        assert response.status_code < 500, (path, data)
    auth.logout()
    auth.login(UserFactory(role="admin"))
    for query in ({"scope": "country", "value": sent}, {"scope": sent, "value": "x"}):
        for path in ("/admin/reports", "/admin/reports.csv", "/api/v1/reports", "/courses/"):
            response = client.get(path, query_string=query)
            assert response.status_code == 400, (path, query)
    response = client.post(
        "/certificates/ABCDEFGHJKMNPQRSTVWXYZ0123/revoke", data={"reason": f"fraud{sent}"}
    )
    assert response.status_code < 500


def test_nul_bytes_inside_an_uploaded_csv_are_invalid_lines(client, auth, synced):
    import io

    cohort, trainer = make_cohort()
    auth.login(trainer)
    data = {"file": (io.BytesIO(b"email\nana@example.org\nb\x00b@example.org\n"), "l\x00.csv")}
    assert client.post(f"/cohorts/{cohort.id}/learners", data=data).status_code == 400
    data = {"file": (io.BytesIO(b"email\nana@example.org\nb\x00b@example.org\n"), "list.csv")}
    response = client.post(f"/cohorts/{cohort.id}/learners", data=data)
    assert response.status_code == 400  # the list is refused, its errors beside the field
    assert "is not an email address" in response.get_data(as_text=True)


def test_an_unreachable_database_answers_with_our_page_and_json(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2",
        }
    )
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:0"  # a signed-in visitor
        session["_fresh"] = True
    for path in ("/", "/account", "/courses/demo/"):
        response = client.get(path)
        assert response.status_code == 503, path
        text = response.get_data(as_text=True)
        assert "not available right now" in text and "<html" in text
        assert "Internal Server Error" not in text
    response = client.get("/api/v1/me")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "unavailable"
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer mooc_x"})
    assert response.status_code == 503


def test_an_unopenable_sqlite_file_answers_503(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "DATABASE_URL": f"sqlite:///{tmp_path}/missing/folder/db.sqlite3",
        }
    )
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:0"
    response = client.get("/")
    assert response.status_code == 503
    assert client.get("/api/v1/courses").status_code == 503


def alias_bomb(levels: int) -> str:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for number in range(levels - 1):
        name = f"n{number}"
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join([*lines, "title: Bomb", "---", "", "Body."]) + "\n"


@pytest.mark.parametrize("levels", [2, 9, 12])
def test_a_yaml_alias_bomb_is_refused_at_once(runner, tree, levels):
    tree.baseline()
    lesson = sorted((tree.root / MODULE).glob("*.md"))[-1]
    lesson.write_text(alias_bomb(levels), encoding="utf-8")
    started = time.monotonic()
    result = runner.invoke(args=["content", "check", str(tree.root)])
    assert time.monotonic() - started < 5
    assert result.exit_code != 0
    assert "aliases" in result.output


def test_a_single_harmless_alias_is_refused_too(runner, tree):
    tree.baseline()
    lesson = sorted((tree.root / MODULE).glob("*.md"))[-1]
    text = lesson.read_text(encoding="utf-8").replace("---\n", "---\nx: &x 1\ny: *x\n", 1)
    lesson.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["content", "check", str(tree.root)])
    assert "aliases" in result.output


NAMES = ["광주 공무원", "Montréal", 'Ñandú; "quoted" name', "عمّان", "..", "report\r\nX: y"]


@pytest.fixture
def served(tmp_path):
    """gunicorn with two workers on a database with a trainer and cohorts named in any script."""
    with scratch_database(tmp_path, "disposition") as url:
        port = free_port()
        config = {"TESTING": True, "SECRET_KEY": "served", "DATABASE_URL": url}
        app = create_app({**config, "CONTENT_DIR": str(tmp_path / "content")})
        with app.app_context():
            db.create_all()
            from mooc.courses.content.sync import sync_tree
            from tests.trees import TreeBuilder

            tree = TreeBuilder(tmp_path / "content")
            tree.baseline()
            sync_tree(str(tree.root))
            trainer = UserFactory(role="trainer", email="trainer@example.org")
            city = CityFactory(name="Gwangju", country="KR", region="asia-pacific")
            ids = [make_cohort(trainer, city, name=name)[0].id for name in NAMES]
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        env = {k: v for k, v in os.environ.items() if not k.startswith("MOOC_")}
        env.update(
            MOOC_SECRET_KEY="served-secret",
            MOOC_DATABASE_URL=url,
            MOOC_BASE_URL=f"http://127.0.0.1:{port}",
            MOOC_DEVELOPMENT="1",
            MOOC_CONTENT_DIR=str(tmp_path / "content"),
        )
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        log = open(tmp_path / "gunicorn.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(
            [gunicorn, "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=project_root(),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if requests.get(base + "/login", timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.2)
            yield base, ids
        finally:
            process.terminate()
            process.wait(20)
            log.close()


@pytest.mark.slow
def test_report_file_names_in_any_script_through_gunicorn(served):
    import re
    from urllib.parse import unquote

    base, ids = served
    session = requests.Session()
    page = session.get(base + "/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    signed = session.post(
        base + "/login",
        data={"email": "trainer@example.org", "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    assert signed.status_code == 302
    for cohort_id, name in zip(ids, NAMES, strict=True):
        for fmt in ("csv", "xlsx"):
            response = session.get(f"{base}/cohorts/{cohort_id}/report.{fmt}", timeout=30)
            assert response.status_code == 200, (name, fmt, response.status_code)
            header = response.headers["Content-Disposition"]
            assert header.startswith("attachment;")
            assert "\r" not in header and "\n" not in header
            ascii_part = re.search(r'filename="?([^";]*)"?(;|$)', header).group(1)
            assert ascii_part.isascii() and ascii_part.endswith(f".{fmt}")
            star = re.search(r"filename\*=UTF-8''(\S+)", header)
            if not name.isascii():
                assert star, header
                assert unquote(star.group(1)).endswith(f".{fmt}")
