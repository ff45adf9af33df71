"""Reading the emails of learners to add to a cohort: typed (or pasted) or in a CSV file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from mooc.cohorts.errors import CohortError

MAX_EMAILS = 5000  # per request or file: larger lists are split by the trainer
EMAIL_COLUMNS = ("email", "e-mail", "courriel", "correo", "correo electrónico")
MAX_UPLOAD = 2 * 1024 * 1024  # bytes of a CSV of emails


@dataclass
class Enrolled:
    """What adding a list of emails did."""

    invited: int = 0  # new invitations (with an account or not: the answer never tells)
    already: int = 0  # already invited, or already in the cohort
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line, text)


def parse_emails(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Emails typed one per line, or pasted as an address list (Outlook's `Ana Gómez
    <ana@example.org>; Bob Li <bob@example.org>`, Gmail's commas, a spreadsheet's columns), with
    their line numbers; (valid, invalid). Names beside addresses are left out; a line with no
    address at all is invalid."""
    valid, invalid = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        has_address = "@" in line
        for entry in entries(line):
            for value in addresses(entry, has_address):
                (valid if is_email(value) else invalid).append((number, value))
    return valid, invalid


def entries(line: str) -> list[str]:
    """A line cut at commas, semicolons and tabs that are outside quotes and angle brackets
    (`"Li, Bob" <bob@example.org>` is one entry)."""
    parts, current, quoted, bracket = [], [], False, False
    for char in line:
        if char == '"' and not bracket:
            quoted = not quoted
        elif char == "<" and not quoted:
            bracket = True
        elif char == ">" and not quoted:
            bracket = False
        if char in ",;\t" and not quoted and not bracket:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def addresses(entry: str, line_has_address: bool) -> list[str]:
    """The addresses of one entry: the one in angle brackets (its name left out), or each word
    with an @; words without one are a name when the line holds an address, else an error."""
    if "<" in entry and entry.rstrip().endswith(">"):
        return [strip_mailto(entry[entry.rindex("<") + 1 : -1].strip())]
    words = entry.split()
    found = [strip_mailto(word.strip("<>\"'()[]")) for word in words if "@" in word]
    if found:
        return found
    return [] if line_has_address else [entry]


def strip_mailto(value: str) -> str:
    return value[7:] if value.lower().startswith("mailto:") else value


def is_email(value: str) -> bool:
    local, at, domain = value.partition("@")
    return bool(at and local and "." in domain and len(value) <= 254 and value.isprintable()) and (
        " " not in value
    )


def parse_csv(data: bytes) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Emails from a CSV file: the column headed `email` (or its French or Spanish name), or the
    first column when there is no such header; (valid, invalid) with line numbers."""
    if len(data) > MAX_UPLOAD:
        raise CohortError("too_large", "file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CohortError("encoding", "file") from None
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        return [], []
    header = [cell.strip().casefold() for cell in rows[0]]
    column, start = 0, 0
    for index, name in enumerate(header):
        if name in EMAIL_COLUMNS:
            column, start = index, 1
            break
    valid, invalid = [], []
    for number, row in enumerate(rows[start:], start=start + 1):
        value = row[column].strip() if len(row) > column else ""
        if not value:
            continue
        (valid if is_email(value) else invalid).append((number, value))
    return valid, invalid
