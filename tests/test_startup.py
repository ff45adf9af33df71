"""Start-up imports only what every command needs: the PDF, Excel, QR code, OpenAPI, JSON-LD
and PDF-reading libraries load when a certificate, a workbook, the API document, a credential
or a check of one is asked for (each is megabytes in every worker: issue 14's RSS target)."""

from __future__ import annotations

import json
import subprocess
import sys

from mooc.config import project_root

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
