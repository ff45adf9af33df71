"""French and Spanish are complete: every string the code marks for translation has a reviewed
translation with the same placeholders (a test, so that a new string cannot ship untranslated)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def source_messages() -> set[str]:
    """Every msgid in the code and templates, read with the project's babel.cfg."""
    method_map = [
        ("**.py", "python"),
        ("**/templates/**.html", "jinja2"),
        ("**/templates/**.txt", "jinja2"),  # the text parts of mail
    ]
    found = set()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
    for _name, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "mooc"), method_map=method_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


SOURCE = source_messages()


@pytest.mark.parametrize("locale", ["fr", "es"])
def test_every_string_is_translated(locale):
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    missing, fuzzy, placeholders = [], [], []
    for msgid in sorted(SOURCE):
        message = catalog.get(msgid)
        if (
            message is None
            or not message.string
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        ):
            missing.append(msgid)
            continue
        if message.fuzzy:
            fuzzy.append(msgid)
        text = message.string[0] if isinstance(message.string, tuple) else message.string
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text)):
            placeholders.append(msgid)
    assert not missing, f"{len(missing)} untranslated in {locale}: {missing[:10]}"
    assert not fuzzy, f"fuzzy in {locale}: {fuzzy[:10]}"
    assert not placeholders, f"placeholders differ in {locale}: {placeholders[:10]}"


def test_the_extraction_finds_strings():
    assert "Sign in" in SOURCE and len(SOURCE) > 300
