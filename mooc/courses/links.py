"""Links the router owns: stored HTML carries `mooc:` references, turned into URLs when served.

The content pipeline never writes a page's URL into the HTML it stores. A link to a lesson, a
quiz, an assignment, a module, a course or a media file is stored as a reference:

| reference | becomes |
|---|---|
| `mooc:lesson/<course>/<item>` | `url_for("courses.lesson", …)` (`quiz`, `assignment` alike) |
| `mooc:course/<course>` | the course page |
| `mooc:module/<course>/<module>` | the course page at `#module-<module>` |
| `mooc:media/<course>/<name>` | a file of the course's media/ folder (`name` URL-quoted) |

with an optional `#fragment`. `expand(html)` turns every reference of a body into its URL with
one regular-expression pass; each reference is built by `url_for` once per process (the
router does not change while the app runs), and bodies expanded under a `key` (course id,
course version, locale, …) are kept, so a page served again costs a dictionary lookup.
Changing a route's rule changes every stored link with it.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from flask import current_app, has_request_context, request, url_for
from werkzeug.routing import BuildError

SCHEME = "mooc:"
# An attribute value that is a reference (nh3 writes attributes in double quotes). The pattern
# starts with a literal, which the regex engine finds fast; the attribute is checked apart.
REFERENCE = re.compile(r'="mooc:([a-z]+)/([^"#]*)(#[^"]*)?"')
ATTRIBUTES = ("href", "src")
ITEM_ENDPOINTS = {
    "lesson": "courses.lesson",
    "quiz": "quizzes.quiz",
    "assignment": "assignments.assignment",
}
MEMO_MAX = 20_000
BODIES_MAX = 2_000


def item_ref(course: str, item: str, kind: str) -> str:
    """The reference of a lesson, quiz or assignment page."""
    return f"{SCHEME}{kind}/{course}/{item}"


def course_ref(course: str) -> str:
    """The reference of a course page."""
    return f"{SCHEME}course/{course}"


def module_ref(course: str, module: str) -> str:
    """The reference of a module, on its course page."""
    return f"{SCHEME}module/{course}/{module}"


def media_ref(course: str, name: str) -> str:
    """The reference of a file of the course's media/ folder."""
    return f"{SCHEME}media/{course}/{quote(name)}"


def item_url(course: str, item: str, kind: str) -> str:
    """The URL of a lesson's, quiz's or assignment's page, from the router."""
    return _build(ITEM_ENDPOINTS.get(kind, "courses.lesson"), slug=course, item=item)


def course_url(course: str) -> str:
    """The URL of a course page, from the router."""
    return _build("courses.course", slug=course)


def _build(endpoint: str, **values: str) -> str:
    """`url_for` in a request; outside one (a command), the same path under APPLICATION_ROOT."""
    if has_request_context():
        return url_for(endpoint, **values)
    root = current_app.config.get("APPLICATION_ROOT") or "/"
    return current_app.url_map.bind("localhost", script_name=root).build(endpoint, values)


def resolve(kind: str, rest: str) -> str | None:
    """The URL a reference names (without its fragment), or None for one that names nothing."""
    parts = rest.split("/", 1)
    try:
        if kind in ITEM_ENDPOINTS and len(parts) == 2:
            return item_url(parts[0], parts[1], kind)
        if kind == "course" and len(parts) == 1:
            return course_url(parts[0])
        if kind == "module" and len(parts) == 2:
            return f"{course_url(parts[0])}#module-{parts[1]}"
        if kind == "media" and len(parts) == 2:
            return _build("courses.media", slug=parts[0], name=unquote(parts[1]))
    except BuildError:
        return None
    return None


def _root() -> str:
    """The script root links are built under (a proxy may mount the app under a prefix)."""
    return request.environ.get("SCRIPT_NAME", "") if has_request_context() else ""


def _memo(root: str) -> dict[str, str]:
    """This process's reference -> URL table for `root`."""
    tables = current_app.extensions.setdefault("mooc_links", {})
    table = tables.get(root)
    if table is None or len(table) >= MEMO_MAX:
        table = tables[root] = {}
    return table


def expand(html: str, key: tuple | None = None) -> str:
    """`html` with every `mooc:` reference turned into its URL (a dead one into `#`).

    With a `key` that changes whenever `html` may (course id and version, locale, row id), the
    result is kept for the next call with the same key (looked up before reading `html`)."""
    root = _root()
    if key is not None:
        bodies = current_app.extensions.setdefault("mooc_expanded", {})
        found = bodies.get((root, key))
        if found is not None:
            return found
    expanded = REFERENCE.sub(_replacer(html, _memo(root)), html) if SCHEME in html else html
    if key is not None:
        if len(bodies) >= BODIES_MAX:
            bodies.clear()
        bodies[(root, key)] = expanded
    return expanded


def _replacer(html: str, table: dict[str, str]):
    """The substitution of `expand`: each reference's URL, built once per process."""

    def replace(match: re.Match) -> str:
        reference = match.group(0)
        start = match.start()
        if not html.endswith(ATTRIBUTES, max(0, start - 4), start):
            return reference  # text that looks like a reference, not a link
        built = table.get(reference)
        if built is None:
            target = resolve(match.group(1), match.group(2))
            address = f"{target}{match.group(3) or ''}" if target is not None else "#"
            built = table[reference] = f'="{address}"'
        return built

    return replace
