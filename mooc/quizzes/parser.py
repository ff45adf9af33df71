"""The quiz format: `##` questions with choices (`- [ ]`/`- [x]`), answers (`= …`), explanations."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from mooc.courses.content import markdown
from mooc.courses.content.problems import ContentError, Problem

QUESTION_ID = re.compile(r"\s*\{#([^{}]*)\}\s*$")
VALID_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CHECKBOX = re.compile(r"^\[([ xX])\](?=\s|$)\s*")


def normalize_answer(text: str) -> str:
    """NFKC, case folding and collapsed white space: how short answers are compared."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass
class Option:
    """One choice of a question, in one language."""

    html: str
    correct: bool
    feedback_html: str = ""


@dataclass
class ParsedQuestion:
    """One question of a quiz file, in that file's language."""

    qid: str
    line: int
    title: str
    title_html: str = ""
    body_html: str = ""
    options: list[Option] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    explanation_html: str = ""

    @property
    def kind(self) -> str:
        """`single`, `multiple` (select all that apply) or `short`."""
        if self.answers:
            return "short"
        return "multiple" if len(self.correct) > 1 else "single"

    @property
    def correct(self) -> list[int]:
        """Positions (0-based) of the correct options."""
        return [i for i, option in enumerate(self.options) if option.correct]

    def key(self) -> dict[str, Any]:
        """The language-independent structure, as stored in the sync cache."""
        return {
            "id": self.qid,
            "line": self.line,
            "kind": self.kind,
            "options": len(self.options),
            "correct": self.correct,
            "answers": sorted({normalize_answer(a) for a in self.answers}),
        }


@dataclass
class ParsedQuiz:
    """A parsed quiz file: introduction, questions and warnings."""

    intro_html: str
    questions: list[ParsedQuestion]
    problems: list[Problem] = field(default_factory=list)


def parse_quiz(
    body: str,
    *,
    path: str = "quiz.md",
    body_line: int = 1,
    parsed: markdown.Rendered | None = None,
    iframe_hosts=(),
) -> ParsedQuiz:
    """Parse a quiz body; raise `ContentError` with every problem when it breaks the format."""
    parsed = parsed or markdown.parse(body)
    builder = _QuizBuilder(path, body_line, parsed.env, iframe_hosts)
    return builder.build(parsed.tokens)


_blocks = markdown.top_level


class _QuizBuilder:
    """Walks the blocks of one quiz file and collects questions and problems."""

    def __init__(self, path: str, body_line: int, env: dict, iframe_hosts) -> None:
        self.path = path
        self.body_line = body_line
        self.env = env
        self.hosts = iframe_hosts
        self.problems: list[Problem] = []

    def problem(self, block_or_line: list[Token] | int, code: str, **params: Any) -> None:
        """Record a problem at a block's first line (or at a body line)."""
        if isinstance(block_or_line, int):
            line = block_or_line
        else:
            mapped = next((t.map for t in block_or_line if t.map), None)
            line = self.body_line + (mapped[0] if mapped else 0)
        self.problems.append(Problem(self.path, line, code, params))

    def render(self, tokens: list[Token]) -> str:
        """Render a list of whole blocks."""
        return markdown.render_tokens(tokens, self.env, self.hosts) if tokens else ""

    def build(self, tokens: list[Token]) -> ParsedQuiz:
        """Group blocks under `##` headings and parse each group as a question."""
        intro: list[Token] = []
        sections: list[tuple[list[Token], list[list[Token]]]] = []
        for block in _blocks(tokens):
            first = block[0]
            if first.type == "heading_open" and first.tag == "h2" and first.markup == "##":
                sections.append((block, []))
            elif first.type.startswith("footnote_block") or not sections:
                intro.extend(block)
            else:
                sections[-1][1].append(block)
        questions = [self.question(n, head, blocks) for n, (head, blocks) in enumerate(sections, 1)]
        if not questions:
            self.problem(self.body_line, "quiz-no-questions")
        seen: set[str] = set()
        for question in questions:
            if question.qid in seen:
                self.problem(question.line, "question-duplicate-id", id=question.qid)
            seen.add(question.qid)
        errors = [p for p in self.problems if p.is_error]
        if errors:
            raise ContentError(errors)
        return ParsedQuiz(self.render(intro), questions, self.problems)

    def question(self, number: int, head: list[Token], blocks: list[list[Token]]) -> ParsedQuestion:
        """Parse one question: heading, text, choices or answers, explanation."""
        inline = head[1] if len(head) > 1 and head[1].type == "inline" else None
        raw = inline.content if inline else ""
        match = QUESTION_ID.search(raw)
        qid = match.group(1).strip() if match else f"q{number}"
        title = (raw[: match.start()] if match else raw).strip()
        line = self.body_line + (head[0].map[0] if head[0].map else 0)
        question = ParsedQuestion(qid=qid, line=line, title=title)
        if not VALID_ID.match(qid):
            self.problem(line, "question-bad-id", id=qid)
        if not title:
            self.problem(line, "question-empty-title", id=qid)
        question.title_html = markdown.render_inline(title)
        text: list[Token] = []
        explanation: list[Token] = []
        answered = False
        reported_after = False
        for block in blocks:
            kind = self.classify(block, question)
            if kind == "options" or kind == "answers":
                if answered:
                    code = "question-two-lists" if kind == "options" else "question-mixed"
                    if question.answers and kind == "options":
                        code = "question-mixed"
                    self.problem(block, code, id=qid)
                    continue
                answered = True
                if kind == "options":
                    self.options(block, question)
                else:
                    self.answers(block, question)
            elif kind == "quote" and answered:
                explanation.extend(block[1:-1])
            elif answered:
                if not reported_after:
                    self.problem(block, "question-content-after", id=qid)
                reported_after = True
            else:
                text.extend(block)
        question.body_html = self.render(text)
        question.explanation_html = self.render(explanation)
        self.check(question, head)
        return question

    def classify(self, block: list[Token], question: ParsedQuestion) -> str:
        """Say whether a block holds choices, answers, a block quote or plain text."""
        first = block[0]
        if first.type == "bullet_list_open":
            inlines = [self.item_inline(item) for item in _blocks(block[1:-1])]
            marked = [i is not None and bool(CHECKBOX.match(i.content)) for i in inlines]
            if all(marked):
                return "options"
            if any(marked):
                self.problem(block, "question-mixed-list", id=question.qid)
                return "options-invalid"
            return "text"
        if first.type == "paragraph_open" and len(block) > 1:
            lines = block[1].content.split("\n")
            marks = [line.lstrip().startswith("=") for line in lines]
            if all(marks):
                return "answers"
            if any(marks):
                self.problem(block, "question-answer-lines", id=question.qid)
                return "answers-invalid"
        if first.type == "blockquote_open":
            return "quote"
        return "text"

    @staticmethod
    def item_inline(item: list[Token]) -> Token | None:
        """The inline token of a list item's first paragraph, if it starts with one."""
        if len(item) > 2 and item[1].type == "paragraph_open" and item[2].type == "inline":
            return item[2]
        return None

    def options(self, block: list[Token], question: ParsedQuestion) -> None:
        """Read `- [ ]` / `- [x]` items: label on the first line, feedback below it."""
        for item in _blocks(block[1:-1]):
            inline = self.item_inline(item)
            children = list(inline.children or []) if inline else []
            first = children[0] if children else None
            match = CHECKBOX.match(first.content) if first and first.type == "text" else None
            if inline is None or match is None or first is None:
                self.problem(item, "question-mixed-list", id=question.qid)
                continue
            marker = CHECKBOX.match(inline.content)
            correct = bool(marker and marker.group(1) in "xX")
            first.content = first.content[match.end() :]
            cut = next(
                (i for i, c in enumerate(children) if c.type in ("softbreak", "hardbreak")),
                len(children),
            )
            label = markdown.render_inline_tokens(children[:cut], self.env, self.hosts).strip()
            feedback = ""
            if children[cut + 1 :]:
                rest = markdown.render_inline_tokens(children[cut + 1 :], self.env, self.hosts)
                feedback = f"<p>{rest.strip()}</p>\n" if rest.strip() else ""
            feedback += self.render(item[4:-1])
            if not label:
                self.problem(item, "option-empty", id=question.qid)
            question.options.append(Option(label, correct, feedback.strip()))

    def answers(self, block: list[Token], question: ParsedQuestion) -> None:
        """Read `= answer` lines."""
        for line in block[1].content.split("\n"):
            answer = line.lstrip()[1:].strip()
            if not normalize_answer(answer):
                self.problem(block, "question-empty-answer", id=question.qid)
            else:
                question.answers.append(answer)

    def check(self, question: ParsedQuestion, head: list[Token]) -> None:
        """The rules every question obeys, once it is read."""
        qid = question.qid
        if not question.options and not question.answers:
            if not any(p.params.get("id") == qid for p in self.problems if p.is_error):
                self.problem(head, "question-no-answers", id=qid)
            return
        if question.options:
            if len(question.options) < 2:
                self.problem(head, "question-one-option", id=qid)
            if not question.correct:
                self.problem(head, "question-no-correct", id=qid)
        all_feedback = bool(question.options) and all(o.feedback_html for o in question.options)
        if not question.explanation_html and not all_feedback:
            self.problem(head, "question-no-feedback", id=qid)
