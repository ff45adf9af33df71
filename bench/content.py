"""Content pipeline speed: check, first sync and no-op sync against a plain markdown-it loop.

Generates 20 courses x 10 modules x 10 lessons x 3 languages (plus quizzes), about 6,600 files.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from markdown_it import MarkdownIt  # noqa: E402
from mdit_py_plugins.footnote import footnote_plugin  # noqa: E402

COURSES, MODULES, LESSONS = 20, 10, 10
LANGUAGES = ("en", "fr", "es")

PARAGRAPH = (
    "A human rights city is both a local community and a socio-political process. "
    "Officials in the **{name}** team can publish a yearly report, train front-desk staff and "
    "open the budget to residents, so that rights become *everyday* practice. "
)


def lesson_body(c: int, m: int, n: int, lang: str) -> str:
    """About 600 words with headings, a list, a table, a footnote, a link and an image."""
    nxt = n % LESSONS + 1
    parts = [f"Introduction to topic {c}.{m}.{n} ({lang}).\n"]
    for section in range(4):
        parts.append(f"## Part {section + 1}\n")
        parts.extend(PARAGRAPH.format(name=f"city {c}-{m}-{n}") * 3 + "\n" for _ in range(2))
        parts.append("- commit\n- plan\n- act\n- measure\n")
    parts.append(
        "| Step | Who | When |\n|---|---|---|\n| Plan | Council | Spring |\n"
        "| Report | Office | Autumn |\n"
    )
    parts.append(
        f"See [the next lesson]({nxt:02d}-lesson-{c}-{m}-{nxt}.md)"
        " and the note.[^1]\n\n![A diagram of the policy cycle](../media/cycle.svg)\n"
    )
    parts.append("[^1]: A footnote.\n\n## For your city\n\nWhat will you do on Monday?\n")
    return "\n".join(parts)


QUIZ = """Answer the questions.

## Which body adopted the Global Charter-Agenda? {#adopted-by}

- [ ] The UN General Assembly
  No.
- [x] The UCLG World Council
  Yes.
- [ ] The European Parliament
  No.

> Florence, 2011.

## Which are charters? {#charters}

- [x] Montréal
- [x] Gwangju
- [ ] The New Urban Agenda

> Two charters.

## Which city hosts the forum? {#forum}

= Gwangju

> Gwangju.
"""


def generate(root: str) -> list[str]:
    """Write the tree; return the Markdown files' paths."""
    files: list[str] = []

    def write(rel: str, text: str) -> None:
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        if rel.endswith(".md"):
            files.append(path)

    for c in range(1, COURSES + 1):
        course = f"courses/{c:02d}-course-{c}"
        write(f"{course}/media/cycle.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
        for lang in LANGUAGES:
            suffix = "" if lang == "en" else f".{lang}"
            head = "language: en\nlanguages: [en, fr, es]\nhours: 8\n" if lang == "en" else ""
            write(
                f"{course}/course{suffix}.md",
                f"---\ntitle: Course {c} {lang}\nsummary: Summary {c}.\n{head}---\n\nWelcome.\n",
            )
        for m in range(1, MODULES + 1):
            module = f"{course}/{m:02d}-module-{m}"
            for lang in LANGUAGES:
                suffix = "" if lang == "en" else f".{lang}"
                write(f"{module}/module{suffix}.md", f"---\ntitle: Module {m} {lang}\n---\n")
                for n in range(1, LESSONS + 1):
                    write(
                        f"{module}/{n:02d}-lesson-{c}-{m}-{n}{suffix}.md",
                        f"---\ntitle: Lesson {n} {lang}\n---\n\n{lesson_body(c, m, n, lang)}",
                    )
                head = "type: quiz\n" if lang == "en" else ""
                write(
                    f"{module}/{LESSONS + 1}-quiz-{m}{suffix}.md",
                    f"---\n{head}title: Quiz {m} {lang}\n---\n\n{QUIZ}",
                )
    return files


def floor(files: list[str]) -> float:
    """Read every file and render its body with markdown-it-py (same extensions as ours)."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    started = time.perf_counter()
    for path in files:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        md.render(text.split("\n---\n", 1)[-1])
    return time.perf_counter() - started


def run() -> list[dict]:
    """Measure and return the rows for the bench table."""
    from mooc import create_app
    from mooc.courses.content.sync import sync_tree
    from mooc.courses.content.tree import load_tree
    from mooc.extensions import db

    with tempfile.TemporaryDirectory() as scratch:
        root = os.path.join(scratch, "content")
        files = generate(root)
        url = os.environ.get("MOOC_BENCH_DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True})
        with app.app_context():
            db.drop_all()
            db.create_all()
            base = min(floor(files), floor(files))
            started = time.perf_counter()
            tree = load_tree(root)
            check = time.perf_counter() - started
            assert not tree.errors, tree.errors[:3]
            started = time.perf_counter()
            first = sync_tree(root)
            first_sync = time.perf_counter() - started
            assert first.written
            started = time.perf_counter()
            again = sync_tree(root)
            noop = time.perf_counter() - started
            assert again.written and not again.changed
            db.drop_all()
            db.engine.dispose()
    label = f"{len(files)} files"
    return [
        row("content floor: read + markdown-it render", base, base, None, label),
        row("content check", check, base, 1.5, label),
        row("content sync, first (empty database)", first_sync, base, 3.0, label),
        row("content sync, second (nothing changed)", noop, base, 0.2, label),
    ]


def row(path: str, ours: float, base: float, target: float | None, note: str) -> dict:
    """One line of the bench table: seconds, ratio to the floor, target."""
    ratio = ours / base if base else float("nan")
    return {
        "path": path,
        "ours": round(ours, 3),
        "floor": round(base, 3),
        "unit": "s",
        "ratio": round(ratio, 3),
        "target": target,
        "meets": None if target is None else ratio <= target,
        "note": note,
    }


if __name__ == "__main__":
    from bench.run import print_table

    print_table(run())
