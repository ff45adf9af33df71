"""Cues that let a learner guess without knowing, found in a parsed quiz (warnings).

- **Longest:** the correct choice is strictly the longest of its question in more than half of
  the quiz's single-choice questions, when the quiz has at least 3 of them. Length is counted in
  characters of the choice's text without markup (tags removed, entities decoded, runs of white
  space as one); feedback does not count.
- **Position** (only with `shuffle: false`, since shuffled choices move): the correct choice
  stands at the same position in more than half of the single-choice questions, at least 3.
- **Select all:** a "select all that apply" question with fewer than two wrong choices.
"""

from __future__ import annotations

import html
import re

from mooc.courses.content.problems import Problem
from mooc.quizzes.parser import ParsedQuiz

MIN_QUESTIONS = 3
TAG = re.compile(r"<[^>]*>")


def text_length(option_html: str) -> int:
    """Characters of an option's text, without markup."""
    return len(" ".join(html.unescape(TAG.sub("", option_html)).split()))


def cues(quiz: ParsedQuiz, path: str, shuffle: bool = True, structure: bool = True) -> list:
    """The cue warnings of one quiz file; `structure` False skips those every language shares
    (position and select all, checked once on the default-language file)."""
    problems: list[Problem] = []
    single = [q for q in quiz.questions if q.kind == "single" and len(q.options) > 1]
    if len(single) >= MIN_QUESTIONS:
        longest = []
        for question in single:
            lengths = [text_length(o.html) for o in question.options]
            right = lengths[question.correct[0]]
            if all(right > n for i, n in enumerate(lengths) if i != question.correct[0]):
                longest.append(question)
        if _most(longest, single):
            problems.append(_problem(path, "cue-longest", longest, single))
        if structure and not shuffle:
            by_position: dict[int, list] = {}
            for question in single:
                by_position.setdefault(question.correct[0], []).append(question)
            position, same = max(by_position.items(), key=lambda pair: len(pair[1]))
            if _most(same, single):
                problem = _problem(path, "cue-position", same, single)
                problem.params["letter"] = chr(ord("a") + position)
                problems.append(problem)
    if structure:
        for question in quiz.questions:
            wrong = len(question.options) - len(question.correct)
            if question.kind == "multiple" and wrong < 2:
                params = {
                    "id": question.qid,
                    "correct": len(question.correct),
                    "count": len(question.options),
                }
                problems.append(Problem(path, question.line, "cue-select-all", params))
    return problems


def _most(found: list, among: list) -> bool:
    return len(found) * 2 > len(among)


def _problem(path: str, code: str, found: list, among: list) -> Problem:
    params = {
        "count": len(found),
        "total": len(among),
        "ids": ", ".join(q.qid for q in found),
    }
    return Problem(path, found[0].line, code, params)
