"""Read a content file: decode it, split front matter from body, parse the YAML."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from mooc.courses.content.problems import Problem

try:  # libyaml's loader is several times faster; PyYAML's wheels ship it
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]

KEY_LINE = re.compile(r"^([A-Za-z0-9_-]+)\s*:")


@dataclass
class Source:
    """A file's text split into front matter and body, with line bookkeeping."""

    path: str
    sha256: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # file line of the body's first line
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        """The line where `key` is set, or the front matter's first line."""
        return self.key_lines.get(key, 1)


def digest_bytes(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


def decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (with or without BOM) and normalise CRLF and CR line endings."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(path, line, "encoding", {"offset": exc.start})]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def first_alias(header: str) -> int | None:
    """The line (0-based) of the front matter's first alias, if any (its events only: nothing
    is expanded)."""
    if "*" not in header:
        return None
    for event in yaml.parse(header, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line if event.start_mark else 0
    return None


def read_source(path: str, data: bytes, sha256: str | None = None) -> Source:
    """Parse the bytes of the file at `path` (relative, for messages) into a `Source`."""
    source = Source(path=path, sha256=sha256 or digest_bytes(data))
    text, problems = decode(path, data)
    if text is None:
        source.problems = problems
        return source
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        source.problems.append(Problem(path, 1, "front-matter-missing"))
        return source
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        source.problems.append(Problem(path, 1, "front-matter-unclosed"))
        return source
    header = "\n".join(lines[1:end])
    source.body = "\n".join(lines[end + 1 :])
    source.body_line = end + 2
    try:
        alias = first_alias(header)
        if alias is not None:
            # An alias repeats a value: nine levels of them make gigabytes (a "billion laughs").
            detail = "aliases (*name) are not allowed; write the value out"
            source.problems.append(Problem(path, alias + 2, "yaml", {"detail": detail}))
            return source
        loaded = yaml.load(header, Loader=SafeLoader) if header.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        source.problems.append(Problem(path, line, "yaml", {"detail": detail}))
        return source
    if not isinstance(loaded, dict):
        source.problems.append(Problem(path, 2, "front-matter-not-mapping"))
        return source
    source.front_matter = {str(key): value for key, value in loaded.items()}
    for number, line in enumerate(lines[1:end], start=2):
        match = KEY_LINE.match(line)
        if match:
            source.key_lines.setdefault(match.group(1), number)
    return source
