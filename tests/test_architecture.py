"""Every import between packages is one that docs/architecture.md allows: no feature imports
another's services, views, API, CLI or receivers, and no package imports one its row omits."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mooc"
FORBIDDEN = {"services", "views", "api", "cli", "receivers"}
COMPOSITION_ROOTS = {"mooc/__init__.py", "mooc/models.py"}


def features() -> set[str]:
    return {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}


def allowed() -> dict[str, set[str]]:
    """The "may import" column of the packages table of docs/architecture.md."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table: dict[str, set[str]] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("package", "---") and not set(cells[0]) <= {"-"}:
            table[cells[0]] = {
                name for name in re.split(r"[,\s]+", cells[2]) if name and name != "—"
            }
    return table


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every `mooc.…` import in a file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return [(line, name) for line, name in found if name.split(".")[0] == "mooc"]


def violations() -> list[str]:
    table, names = allowed(), features()
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        parts = path.relative_to(PACKAGE).parts
        own = parts[0] if len(parts) > 1 else "core"
        for line, name in imports(path):
            target = name.split(".")
            other = target[1] if len(target) > 1 and target[1] in names else "core"
            if other == own or relative in COMPOSITION_ROOTS:
                continue
            where = f"{relative}:{line} imports {name}"
            if other not in table.get(own, set()):
                problems.append(f"{where}: {own} may not import {other} (docs/architecture.md)")
            elif other != "core" and len(target) > 2 and target[2] in FORBIDDEN:
                problems.append(f"{where}: another feature's {target[2]} (send a signal instead)")
    return problems


def test_every_package_has_a_row():
    assert features() | {"core"} == set(allowed())


def test_imports_follow_the_table_and_the_rule():
    assert violations() == []


def test_the_check_finds_a_bad_import(tmp_path, monkeypatch):
    # A feature importing another's services is caught, even inside a function.
    bad = PACKAGE / "quizzes" / "_bad_import_for_test.py"
    bad.write_text("def f():\n    from mooc.courses import services\n", encoding="utf-8")
    try:
        found = violations()
    finally:
        bad.unlink()
    assert found == [
        "mooc/quizzes/_bad_import_for_test.py:2 imports mooc.courses.services: another "
        "feature's services (send a signal instead)"
    ]
