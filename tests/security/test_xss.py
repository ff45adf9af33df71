"""Markdown XSS corpus: each payload goes through `flask content sync` and comes out inert.

A payload is written into a lesson of a content tree, the tree is synced through the CLI, and an
enrolled learner reads the lesson page and its API twin. Whatever the payload, the lesson body may
hold only allowed tags, no script, no event handler, no `javascript:`, `vbscript:` or `data:` URL
and no style beyond text alignment; with iframes allowed, only `https` iframes of allowed hosts.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from mooc.courses.content.markdown import IFRAME_ATTRIBUTES, TAGS
from tests.trees import MODULE

LESSON = f"{MODULE}/04-xss.md"
URL = "/courses/demo/lessons/xss"
HOST = "www.youtube-nocookie.com"
NEVER = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
    "input", "button", "textarea", "select", "option", "meta", "base", "link", "svg", "math",
    "noscript", "template", "video", "audio", "source", "body", "html", "head", "title",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "background", "poster", "srcset",
    "xlink:href", "cite", "longdesc", "srcdoc", "content",
}  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")

# (name, Markdown body). Each line of a body is a case the sanitiser has been known to miss
# somewhere: raw HTML, Markdown syntax, entity and whitespace obfuscation, parser confusion.
PAYLOADS = [
    ("script-tag", "<script>alert(1)</script>"),
    ("script-src-upper", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"),
    ("script-nested", "<<script>script>alert(1)<</script>/script>"),
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("img-onerror-no-quotes-slash", "<img/src=x/onerror=alert(1)>"),
    ("body-onload", "<body onload=alert(1)>"),
    ("details-ontoggle", "<details open ontoggle=alert(1)><summary>x</summary></details>"),
    ("unknown-tag-onclick", "<x onclick=alert(1)>click me</x>"),
    ("link-onclick", '<a href="https://example.org" onclick="alert(1)">x</a>'),
    ("svg-onload", "<svg onload=alert(1)>"),
    ("svg-script", "<svg><script>alert(1)</script></svg>"),
    (
        "svg-xlink",
        '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    ),
    ("svg-animate", "<svg><animate onbegin=alert(1) attributeName=x dur=1s>"),
    ("mathml-href", '<math href="javascript:alert(1)">CLICK</math>'),
    ("mathml-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("noscript-mxss", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    ("iframe-javascript", '<iframe src="javascript:alert(1)"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    (
        "iframe-allowed-host-srcdoc",
        f'<iframe src="https://{HOST}/embed/x" srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;" '
        'onload="alert(1)"></iframe>',
    ),
    ("iframe-http", f'<iframe src="http://{HOST}/embed/x"></iframe>'),
    ("iframe-host-suffix", f'<iframe src="https://{HOST}.evil.example/embed/x"></iframe>'),
    ("href-javascript", '<a href="javascript:alert(1)">x</a>'),
    ("href-mixed-case", '<a href="JaVaScRiPt:alert(1)">x</a>'),
    (
        "href-decimal-entities",
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    ),
    ("href-hex-entities-no-semicolon", '<a href="&#x6A&#x61&#x76&#x61script:alert(1)">x</a>'),
    ("href-tab-in-scheme", '<a href="java&#x09;script:alert(1)">x</a>'),
    ("href-newline-in-scheme", '<a href="java\nscript:alert(1)">x</a>'),
    ("href-leading-control", '<a href=" &#14; javascript:alert(1)">x</a>'),
    ("href-vbscript", '<a href="vbscript:msgbox(1)">x</a>'),
    (
        "href-data-html",
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    ),
    ("md-link-javascript", "[click](javascript:alert(1))"),
    ("md-link-javascript-upper-title", '[click](JAVASCRIPT:alert(1) "title")'),
    ("md-link-entity", "[click](&#x6A;avascript:alert(1))"),
    ("md-link-angle", "[click](<javascript:alert(1)>)"),
    ("md-link-vbscript", "[click](vbscript:msgbox(1))"),
    ("md-link-data", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("md-image-javascript", "![x](javascript:alert(1))"),
    ("md-image-data-svg", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
    ("md-reference", "[click][evil]\n\n[evil]: javascript:alert(1)"),
    ("md-reference-image", "![x][evil]\n\n[evil]: javascript:alert(1)"),
    ("md-autolink-javascript", "<javascript:alert(1)>"),
    ("md-autolink-vbscript", "<vbscript:msgbox(1)>"),
    ("md-autolink-data", "<data:text/html,<script>alert(1)</script>>"),
    ("md-link-break-attribute", '[x](https://example.org/" onmouseover="alert(1))'),
    ("md-image-break-alt", '![x" onerror="alert(1)](https://example.org/a.png)'),
    ("md-link-break-title", '[x](https://example.org/ "t\\" onmouseover=\\"alert(1)")'),
    ("md-link-text-html", "[<img src=x onerror=alert(1)>](https://example.org/)"),
    ("md-footnote", "Note.[^1]\n\n[^1]: <script>alert(1)</script><img src=x onerror=alert(1)>"),
    ("md-table-cell", "| a |\n|:-:|\n| <img src=x onerror=alert(1)> |"),
    ("md-code-span", "`<script>alert(1)</script>`"),
    ("html-block", "<div>\n<script>alert(1)</script>\n</div>"),
    ("html-block-markdown-inside", "<div onclick=alert(1)>\n\n[x](javascript:alert(1))\n\n</div>"),
    ("html-comment-break", "<!-- --><script>alert(1)</script> -->"),
    ("cdata", "<![CDATA[<script>alert(1)</script>]]>"),
    ("processing-instruction", '<?xml version="1.0"?><script>alert(1)</script>'),
    ("attribute-with-markup", '<img src="x" alt="</p><script>alert(1)</script>">'),
    ("style-url", '<div style="background:url(javascript:alert(1))">x</div>'),
    ("style-expression", '<p style="width: expression(alert(1))">x</p>'),
    ("td-style-expression", '<table><tr><td style="x:expression(alert(1))">x</td></tr></table>'),
    ("style-tag", '<style>body{background:url("javascript:alert(1)")}</style>'),
    ("td-background", '<table><tr><td background="javascript:alert(1)">x</td></tr></table>'),
    (
        "form-action",
        '<form action="javascript:alert(1)"><input type=submit formaction="javascript:alert(1)">'
        "</form>",
    ),
    ("button-formaction", '<button formaction="javascript:alert(1)">x</button>'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base-href", '<base href="javascript:alert(1)//">'),
    ("object-data", '<object data="javascript:alert(1)"></object>'),
    ("embed-src", '<embed src="data:text/html,<script>alert(1)</script>">'),
    ("link-stylesheet", '<link rel=stylesheet href="javascript:alert(1)">'),
    ("textarea", "<textarea><script>alert(1)</script></textarea>"),
    ("video-source", "<video><source onerror=alert(1)></video>"),
    ("img-srcset", '<img src="https://example.org/a.png" srcset="javascript:alert(1) 1x" alt="x">'),
]


class Collector(HTMLParser):
    """Every element inside the lesson's `prose` block, with its decoded attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.page: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        self.page.append((tag, attributes))
        if self.depth:
            self.elements.append((tag, attributes))
            if tag == "div":
                self.depth += 1
        elif tag == "div" and "prose" in attributes.get("class", "").split():
            self.depth = 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1


def squeezed(value: str) -> str:
    """What a browser reads as the scheme: controls and white space dropped, lower case."""
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def problems(elements: list[tuple[str, dict[str, str]]], hosts: tuple[str, ...]) -> list[str]:
    """What is not inert in these elements (empty when all is well)."""
    found = []
    allowed = TAGS | ({"iframe"} if hosts else set())
    for tag, attributes in elements:
        if tag not in allowed or (tag in NEVER and not (tag == "iframe" and hosts)):
            found.append(f"tag <{tag}>")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and squeezed(value).startswith(BAD_SCHEMES):
                found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and not re.fullmatch(r"\s*(text-align\s*:\s*\w+\s*;?\s*)?", value):
                found.append(f"<{tag} style={value!r}>")
        if tag == "iframe":
            # Without src a frame shows about:blank; with one it must be an allowed https host.
            src = attributes.get("src")
            if src is not None and not src.startswith(tuple(f"https://{h}/" for h in hosts)):
                found.append(f"<iframe src={src!r}>")
            if set(attributes) - IFRAME_ATTRIBUTES - {"id", "class", "lang", "dir", "title"}:
                found.append(f"<iframe {sorted(attributes)}>")
    return found


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector


def lesson_file(position: int, name: str) -> str:
    return f"{MODULE}/{position + 10}-{name}.md"


@pytest.mark.parametrize("hosts", [(), (HOST,)], ids=["no-iframes", "iframes-allowed"])
def test_every_payload_is_inert_on_the_lesson_page_and_in_the_api(
    app, client, runner, tree, learner, hosts
):
    """One lesson per payload, one sync; each lesson's page and API body are checked."""
    app.config["IFRAME_ALLOWED_HOSTS"] = hosts
    tree.baseline()
    for position, (name, body) in enumerate(PAYLOADS):
        text = f"---\ntitle: {name}\n---\n\nSome text before.\n\n{body}\n\nAfter.\n"
        tree.write(lesson_file(position, name), text)
    result = runner.invoke(args=["content", "sync", str(tree.root)])
    assert result.exit_code == 0, result.output
    assert client.post("/courses/demo/enrol").status_code == 302
    found = {}
    for name, _body in PAYLOADS:
        response = client.get(f"/courses/demo/lessons/{name}")
        assert response.status_code == 200, name
        page = parse(response.get_data(as_text=True))
        assert page.elements, f"{name}: the lesson body was not found in the page"
        bad = problems(page.elements, hosts)
        bad += [f"<{tag}> in the page" for tag, _attributes in page.page if tag == "script"]
        api = client.get(f"/api/v1/courses/demo/lessons/{name}").get_json()["body_html"]
        bad += [
            f"API: {p}" for p in problems(parse(f'<div class="prose">{api}</div>').elements, hosts)
        ]
        if bad:
            found[name] = bad
    assert found == {}


def test_a_link_into_the_tree_that_hides_a_scheme_is_refused(runner, tree):
    """`javascript%3A…` reads as a relative link: the checker refuses it, nothing is published."""
    tree.baseline()
    tree.write(LESSON, "---\ntitle: A lesson\n---\n\n[click](javascript%3Aalert(1))\n")
    result = runner.invoke(args=["content", "sync", str(tree.root)])
    assert result.exit_code == 1 and "Nothing was changed" in result.output


def test_the_corpus_is_large_and_distinct():
    assert len(PAYLOADS) >= 30
    assert len({name for name, _body in PAYLOADS}) == len({body for _name, body in PAYLOADS})
    assert len({body for _name, body in PAYLOADS}) == len(PAYLOADS)


def test_the_checker_sees_what_it_looks_for():
    """The checks fail on the raw payloads: they would catch a sanitiser that let them through."""
    raw = parse(
        '<div class="prose"><script></script><img src=x onerror=alert(1)>'
        '<a href="java&#x09;script:alert(1)">x</a><p style="x:expression(1)">y</p></div>'
    )
    assert len(problems(raw.elements, ())) == 4


def test_a_title_with_markup_is_escaped(client, runner, tree, learner):
    tree.baseline()
    tree.write(
        LESSON,
        '---\ntitle: "<script>alert(1)</script><img src=x onerror=alert(1)>"\n---\n\nText.\n',
    )
    assert runner.invoke(args=["content", "sync", str(tree.root)]).exit_code == 0
    client.post("/courses/demo/enrol")
    page = parse(client.get(URL).get_data(as_text=True))
    assert not [tag for tag, _attributes in page.page if tag == "script"]
    assert not [attrs for _tag, attrs in page.page if "onerror" in attrs]


def test_every_payload_is_inert_in_submissions_and_review_comments(app, client, auth, tree):
    """The whole corpus as a learner's work and as a peer's comments: the reviewer's page, the
    author's page with her reviews, the trainer's page and the API keep only inert HTML."""
    from mooc.assignments import services
    from tests.assignments.helpers import assignment_course
    from tests.cohorts.helpers import add_learner, make_cohort

    lesson = assignment_course(tree, reviews=1)
    lesson.max_words = 100_000
    cohort, trainer = make_cohort()
    ana, bea = add_learner(cohort), add_learner(cohort)
    corpus = "\n\n".join(body for _name, body in PAYLOADS)
    work = services.save(ana.id, lesson, corpus, True)
    services.save(bea.id, lesson, "Plain work.", True)
    review = next(r for r in services.request_reviews(bea.id, lesson))
    comments = {"rights": corpus, "actions": corpus[:4000]}
    services.save_review(review, {"rights": 2, "actions": 4}, comments, send=True)
    pages = []
    auth.login(bea)
    pages.append(client.get(f"/courses/demo/assignments/plan/reviews/{review.id}"))
    auth.logout()
    auth.login(ana)
    pages.append(client.get("/courses/demo/assignments/plan"))
    api = client.get("/api/v1/courses/demo/assignments/plan").get_json()
    auth.logout()
    auth.login(trainer)
    pages.append(client.get(f"/cohorts/{cohort.id}/submissions/{work.id}"))
    found = []
    for response in pages:
        assert response.status_code == 200
        page = parse(response.get_data(as_text=True))
        assert page.elements
        found += problems(page.elements, ())
        found += [f"<{tag}> in the page" for tag, _a in page.page if tag == "script"]
    html = parse(f'<div class="prose">{api["submission"]["body_html"]}</div>')
    found += [f"API: {p}" for p in problems(html.elements, ())]
    assert found == []
