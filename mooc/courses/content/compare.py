"""Checks across files: translations keep the structure of their originals (questions,
criteria, reflections), reflection ids are unique in a course, `draw` fits the quiz."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from mooc.courses.content.problems import Problem
from mooc.courses.content.scan import Entry

if TYPE_CHECKING:
    from mooc.courses.content.render import FileResult
    from mooc.courses.content.tree import CourseNode, ItemNode, Node


def settle(item: ItemNode, results: dict[str, FileResult], problems: list[Problem]) -> None:
    """Minutes for every item; a quiz's or an assignment's translations, pooled answers, draw."""
    main = results.get(item.file.path)
    digest = main.digest if main else {}
    keys = digest.get("quiz") or []
    if item.settings and item.settings.get("minutes") is None and item.kind != "assignment":
        minutes = len(keys) if item.kind == "quiz" else round(digest.get("words", 0) / 200)
        item.settings["minutes"] = max(1, minutes)
    if item.kind == "assignment" and digest.get("assignment") is not None:
        item.criteria = digest["assignment"]
        for entry in item.translations.values():
            theirs = _digest(results, entry).get("assignment")
            if theirs is not None:
                criteria(item.file, entry, item.criteria, theirs, problems)
    if item.kind != "quiz" or digest.get("quiz") is None:
        return
    draw = item.settings.get("draw") if item.settings else None
    if draw is not None and draw > len(keys):
        expected = _l("a whole number from 1 to %(count)s (the number of questions)")
        problems.append(
            Problem(
                item.file.path,
                item.file.line_of("draw"),
                "bad-value",
                {"key": "draw", "expected": str(expected) % {"count": len(keys)}, "value": draw},
            )
        )
    pooled = [set(key["answers"]) for key in keys]
    for entry in item.translations.values():
        theirs = _digest(results, entry).get("quiz")
        if theirs is None:
            continue
        questions(item.file, entry, keys, theirs, problems)
        for answers, key in zip(pooled, theirs, strict=False):
            answers.update(key["answers"])
    item.questions = [
        {**key, "answers": sorted(answers)} for key, answers in zip(keys, pooled, strict=True)
    ]


def _digest(results: dict[str, FileResult], entry: Entry) -> dict[str, Any]:
    result = results.get(entry.path)
    return result.digest if result else {}


def questions(twin: Entry, entry: Entry, mine: list[dict], theirs: list[dict], problems) -> None:
    """A quiz translation has the same questions, ids, choices and correct answers."""
    add = problems.append
    if len(mine) != len(theirs):
        params = {"count": len(theirs), "twin": twin.path, "twin_count": len(mine)}
        add(Problem(entry.path, 1, "quiz-translation-count", params))
    for position, (a, b) in enumerate(zip(mine, theirs, strict=False), 1):
        if a["id"] != b["id"]:
            params = {"position": position, "id": b["id"], "twin_id": a["id"], "twin": twin.path}
            add(Problem(entry.path, b["line"], "quiz-translation-question", params))
            continue
        what = None
        if (a["kind"] == "short") != (b["kind"] == "short"):
            what = gettext("one has choices, the other '=' answers")
        elif a["options"] != b["options"]:
            what = gettext("%(count)s choices instead of %(twin_count)s") % {
                "count": b["options"],
                "twin_count": a["options"],
            }
        elif a["correct"] != b["correct"]:
            what = gettext("correct choices %(mine)s instead of %(theirs)s") % {
                "mine": _letters(b["correct"]),
                "theirs": _letters(a["correct"]),
            }
        if what:
            params = {"id": b["id"], "twin": twin.path, "what": what}
            add(Problem(entry.path, b["line"], "quiz-translation-options", params))


def criteria(twin: Entry, entry: Entry, mine: list[dict], theirs: list[dict], problems) -> None:
    """An assignment translation has the same criteria, in the same order, with the same points."""
    add = problems.append
    if len(mine) != len(theirs):
        params = {"count": len(theirs), "twin": twin.path, "twin_count": len(mine)}
        add(Problem(entry.path, 1, "assignment-translation-count", params))
    for position, (a, b) in enumerate(zip(mine, theirs, strict=False), 1):
        if a["id"] != b["id"]:
            params = {"position": position, "id": b["id"], "twin_id": a["id"], "twin": twin.path}
            add(Problem(entry.path, b["line"], "assignment-translation-criterion", params))
        elif a["points"] != b["points"]:
            params = {
                "id": b["id"],
                "points": _numbers(b["points"]),
                "twin_points": _numbers(a["points"]),
                "twin": twin.path,
            }
            add(Problem(entry.path, b["line"], "assignment-translation-points", params))


def reflections(course: CourseNode, results: dict[str, FileResult], problems) -> None:
    """Reflection ids are unique in the course; translations keep them, in the same order."""
    seen: dict[str, tuple[str, int]] = {}
    nodes: list[Node] = [course]
    for module in course.modules:
        nodes.append(module)
        nodes.extend(module.items)
    for node in nodes:
        mine = _digest(results, node.file).get("reflections") or []
        for slug, line in mine:
            if slug in seen:
                other, other_line = seen[slug]
                params = {"id": slug, "other": other, "other_line": other_line}
                problems.append(Problem(node.file.path, line, "reflection-duplicate-id", params))
            else:
                seen[slug] = (node.file.path, line)
        for entry in node.translations.values():
            result = results.get(entry.path)
            if result is None:
                continue
            theirs = result.digest.get("reflections") or []
            if [s for s, _line in theirs] != [s for s, _line in mine]:
                first = next(
                    (b[1] for a, b in zip(mine, theirs, strict=False) if a[0] != b[0]),
                    theirs[len(mine)][1] if len(theirs) > len(mine) else 1,
                )
                params = {
                    "ids": _names([s for s, _line in theirs]),
                    "twin": node.file.path,
                    "twin_ids": _names([s for s, _line in mine]),
                }
                problems.append(Problem(entry.path, first, "reflection-translation", params))


def _letters(positions: list[int]) -> str:
    return ", ".join(chr(ord("a") + p) for p in positions)


def _numbers(points: list[int]) -> str:
    return ", ".join(str(p) for p in points)


def _names(slugs: list[str]) -> str:
    return ", ".join(slugs) if slugs else str(_l("none"))
