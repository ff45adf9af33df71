"""The documentation stays true: the worked example passes the checker, every code is listed."""

from __future__ import annotations

import os
import re

from mooc.config import project_root
from mooc.courses.content.problems import MESSAGES

GUIDE = os.path.join(project_root(), "docs", "authoring.md")
EXAMPLE_FILE = re.compile(r"^`content/([^`]+\.md)`:\n\n```markdown\n(.*?)\n```$", re.M | re.S)


def read_guide() -> str:
    with open(GUIDE, encoding="utf-8") as handle:
        return handle.read()


def test_worked_example_passes_the_checker(runner, tree):
    files = EXAMPLE_FILE.findall(read_guide())
    assert len(files) == 12
    for name, text in files:
        tree.write(name, text + "\n")
    tree.write(
        "courses/01-human-rights-basics/media/map.svg",
        '<svg xmlns="http://www.w3.org/2000/svg"><title>Map</title></svg>',
    )
    result = runner.invoke(args=["content", "check", str(tree.root)])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings in 12 files." in result.output
    result = runner.invoke(args=["content", "sync", str(tree.root)])
    assert "1 quizzes created" in result.output
    assert "1 assignments created" in result.output
    assert "1 reflections created" in result.output


def test_every_error_and_warning_is_documented():
    guide = read_guide()
    for code in MESSAGES:
        assert f"| `{code}` |" in guide, code
