"""Start-up imports only what every command needs: the PDF, Excel, QR code, OpenAPI, JSON-LD
and PDF-reading libraries load when a certificate, a workbook, the API document, a credential
or a check of one is asked for (each is megabytes in every worker: issue 14's RSS target)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mooc.config import project_root
from tests.trees import TreeBuilder

HEAVY = (
    "weasyprint",
    "openpyxl",
    "segno",
    "apispec",
    "schemathesis",
    "huey",
    "pyld",
    "pikepdf",
    "requests",
)

SCRIPT = """
import json, sys
from mooc import create_app
from mooc.extensions import db
app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": "sqlite://"})
after_create = sorted(m for m in %(heavy)r if m in sys.modules)
with app.app_context():
    db.create_all()
    status = app.test_client().get("/").status_code
    login = app.test_client().get("/login").status_code
after_pages = sorted(m for m in %(heavy)r if m in sys.modules)
print(json.dumps({"create": after_create, "pages": after_pages, "status": [status, login]}))
"""


def run(script: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", script % {"heavy": HEAVY}],
        cwd=project_root(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_create_app_and_pages_leave_the_heavy_libraries_alone():
    found = run(SCRIPT)
    assert found["status"] == [200, 200]
    assert found["create"] == [], found
    assert found["pages"] == [], found


def test_the_libraries_load_when_needed():
    found = run(
        "import json, sys\n"
        "from mooc.api import openapi\n"
        "from mooc import create_app\n"
        "app = create_app({'TESTING': True, 'SECRET_KEY': 't', 'DATABASE_URL': 'sqlite://'})\n"
        "with app.app_context():\n"
        "    openapi()\n"
        "print(json.dumps({'create': [], 'pages': sorted(m for m in %(heavy)r "
        "if m in sys.modules), 'status': []}))\n"
    )
    assert "apispec" in found["pages"]


def test_content_check_is_a_light_command(runner, tree):
    tree.baseline()
    result = runner.invoke(args=["content", "check", str(tree.root)])
    assert result.exit_code == 0, result.output
    from mooc.courses import cli

    assert cli.check_command.mooc_light


# What a check whose files are all cache hits has no use for: the ORM and Flask-SQLAlchemy (the
# cache is read with Core), the models, the parsers and renderers of bodies, the job queue.
NOT_FOR_A_CACHED_CHECK = (
    "flask_sqlalchemy",
    "sqlalchemy.orm",
    "mooc.database",
    "mooc.courses.models",
    "mooc.courses.reflections",
    "mooc.courses.content.blocks",
    "mooc.quizzes.parser",
    "mooc.assignments.parser",
    "mooc.jobs",
)

CHECK = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(m for m in %(watch)r if m in sys.modules))))
from flask.cli import main
sys.argv = ["flask", "--app", "wsgi", "content", "check", %(root)r]
main()
"""


def check_process(root: Path, url: str) -> tuple[int, str, list[str]]:
    """`flask content check ROOT` as an author runs it: exit status, output, watched modules
    it imported."""
    env = {**os.environ, "MOOC_DATABASE_URL": url, "MOOC_SECRET_KEY": "t", "MOOC_DEVELOPMENT": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CHECK % {"watch": NOT_FOR_A_CACHED_CHECK, "root": str(root)}],
        cwd=project_root(),
        env=env,
        capture_output=True,
        text=True,
    )
    *lines, imported = done.stdout.strip().splitlines()
    return done.returncode, "\n".join(lines) + done.stderr, json.loads(imported)


def test_a_check_after_a_sync_loads_no_parser_model_or_orm(tmp_path):
    """The whole process, on a SQLite file of its own (the subprocess must see the committed
    sync, which a PostgreSQL test transaction would hide)."""
    from mooc import create_app
    from mooc.courses.content.sync import sync_tree
    from mooc.extensions import db

    tree = TreeBuilder(tmp_path / "content").baseline()
    url = f"sqlite:///{tmp_path / 'synced.sqlite3'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": url})
    with app.app_context():
        db.create_all()
        assert sync_tree(str(tree.root)).changed
        db.engine.dispose()

    status, output, imported = check_process(tree.root, url)
    assert status == 0, output
    assert "0 errors" in output
    assert imported == [], imported

    # One edited lesson is parsed and rendered again: only then do the renderers load.
    tree.replace("courses/01-demo/01-basics/02-charters.md", "| Charter |", "| The charter |")
    status, output, imported = check_process(tree.root, url)
    assert status == 0, output
    assert "mooc.courses.content.blocks" in imported

    # A broken edit is still reported, with its file and line.
    tree.write("courses/01-demo/01-basics/02-charters.md", "---\ntitle: [unclosed\n---\n")
    status, output, _imported = check_process(tree.root, url)
    assert status == 1
    assert "02-charters.md:" in output
