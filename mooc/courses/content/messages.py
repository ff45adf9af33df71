"""Problems of files, front matter, links and `:::` blocks: code: (severity, message)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.courses.content.severity import ERROR, WARNING

FILE_MESSAGES = {
    "link-outside": (
        ERROR,
        _l(
            "'%(name)s' is a link to '%(target)s', outside the content folder; copy the file "
            "into the tree instead of linking to it"
        ),
    ),
    "encoding": (ERROR, _l("the file is not valid UTF-8 (byte %(offset)s); save it as UTF-8")),
    "front-matter-missing": (
        ERROR,
        _l("the file must start with front matter: a line '---', 'key: value' lines, a line '---'"),
    ),
    "front-matter-unclosed": (
        ERROR,
        _l("the front matter is never closed; add a line '---' after its last key"),
    ),
    "yaml": (
        ERROR,
        _l(
            "the front matter is not valid YAML (%(detail)s); check indentation, "
            "and put values that contain ':' or '#' in quotes"
        ),
    ),
    "front-matter-not-mapping": (
        ERROR,
        _l("the front matter must be 'key: value' lines"),
    ),
    "unknown-key": (
        ERROR,
        _l("unknown key '%(key)s'%(hint)s; allowed keys here: %(allowed)s"),
    ),
    "missing-key": (
        ERROR,
        _l("the required key '%(key)s' is missing; add '%(key)s: …' to the front matter"),
    ),
    "bad-value": (ERROR, _l("'%(key)s' must be %(expected)s (found %(value)s)")),
    "translation-key": (
        ERROR,
        _l(
            "a translation may only set %(allowed)s; move '%(key)s' to the default-language "
            "file %(twin)s"
        ),
    ),
    "bad-id": (
        ERROR,
        _l(
            "the id '%(id)s' is not valid: use lowercase letters, digits and dashes only "
            "(rename the file or folder, or set 'id:' in the front matter)"
        ),
    ),
    "duplicate-id": (
        ERROR,
        _l("the %(kind)s id '%(id)s' is already used by %(other)s; give one of them another id"),
    ),
    "translation-without-original": (
        ERROR,
        _l(
            "this '%(locale)s' translation has no default-language file %(twin)s; "
            "add that file or fix this file's name"
        ),
    ),
    "translation-id-mismatch": (
        ERROR,
        _l(
            "this translation says id '%(id)s' but %(twin)s has id '%(twin_id)s'; "
            "remove 'id' from the translation"
        ),
    ),
    "translation-of-default": (
        ERROR,
        _l(
            "'%(locale)s' is the course's default language, so this file duplicates %(twin)s; "
            "merge the two and delete this one"
        ),
    ),
    "unknown-language": (
        ERROR,
        _l(
            "'%(locale)s' is not one of the course's languages (%(languages)s); "
            "add it to 'languages' in course.md or rename this file"
        ),
    ),
    "no-courses-folder": (
        ERROR,
        _l("the content folder has no 'courses' folder; put each course in courses/<NN-slug>/"),
    ),
    "missing-course-file": (
        ERROR,
        _l("this course folder has no course.md; add one with a title and a summary"),
    ),
    "missing-module-file": (
        ERROR,
        _l("this module folder has no module.md; add one with a title"),
    ),
    "unexpected-markdown": (
        ERROR,
        _l(
            "this Markdown file is not part of the format here (%(where)s); move it, "
            "or start its name with '_' to keep it as a note"
        ),
    ),
    "path-unknown-course": (
        ERROR,
        _l("the path lists the course '%(id)s', which is not in the content tree"),
    ),
    "path-duplicate-course": (
        ERROR,
        _l("the path lists the course '%(id)s' twice; keep it once"),
    ),
    "link-outside-course": (
        ERROR,
        _l(
            "'%(target)s' leaves the course folder; images and links must point into this "
            "course's media/ folder or to its lessons"
        ),
    ),
    "link-missing": (
        ERROR,
        _l("'%(target)s' does not exist (looked for %(resolved)s); check the file name"),
    ),
    "link-not-lesson": (
        ERROR,
        _l(
            "'%(target)s' is neither a file in media/ nor a lesson of this course; "
            "move the file into media/"
        ),
    ),
    "missing-translation": (
        WARNING,
        _l(
            "no '%(locale)s' translation (%(expected)s); learners reading in '%(locale)s' "
            "will see the default-language version"
        ),
    ),
    "image-no-alt": (
        WARNING,
        _l(
            "the image '%(target)s' has no alt text; describe it between the brackets: "
            "![description](…)"
        ),
    ),
    "empty-lesson": (WARNING, _l("the lesson has no text; write its body below the front matter")),
    "ignored-file": (
        WARNING,
        _l(
            "'%(name)s' is not part of the content format and is ignored; put files in media/ "
            "or start the name with '_'"
        ),
    ),
}

BLOCK_MESSAGES = {
    "block-unclosed": (
        ERROR,
        _l(
            "the '::: %(name)s' block that starts here is never closed; add a line ':::' "
            "after its last line"
        ),
    ),
    "block-unknown": (
        ERROR,
        _l(
            "unknown block '::: %(name)s'%(hint)s; the blocks are '::: reflection {#an-id}' "
            "and '::: facilitator'"
        ),
    ),
    "block-bad-opening": (
        ERROR,
        _l(
            "'%(text)s' is not a block opening; write '::: reflection {#an-id}' or "
            "'::: facilitator', alone on its line"
        ),
    ),
    "block-nested": (
        ERROR,
        _l(
            "this '::: %(name)s' block is inside another block, a list or a quote; close each "
            "block with ':::' before opening the next, and keep blocks out of lists and quotes"
        ),
    ),
    "block-stray-close": (
        ERROR,
        _l(
            "this ':::' line closes no block; remove it, or open the block above it with "
            "'::: reflection {#an-id}' or '::: facilitator'"
        ),
    ),
    "block-footnote": (
        ERROR,
        _l(
            "the footnote '[^%(label)s]: …' is defined inside a '::: %(name)s' block, but "
            "footnotes are listed at the end of the page for every reader; move its definition "
            "below the block"
        ),
    ),
    "facilitator-footnote": (
        ERROR,
        _l(
            "a facilitator note cannot use the footnote '[^%(label)s]': footnotes are listed at "
            "the end of the page, where learners would read them; write the note in the text"
        ),
    ),
    "facilitator-not-here": (
        ERROR,
        _l(
            "facilitator notes cannot be in %(where)s; put them in course.md, a module.md or a "
            "lesson"
        ),
    ),
    "reflection-not-here": (
        ERROR,
        _l(
            "a reflection cannot be in %(where)s; put reflections in lessons, in module.md or "
            "in course.md"
        ),
    ),
    "reflection-no-id": (
        ERROR,
        _l(
            "this reflection has no id; write its first line as '::: reflection {#an-id}' "
            "(learners' answers are kept by that id)"
        ),
    ),
    "reflection-bad-id": (
        ERROR,
        _l(
            "the reflection id '%(id)s' is not valid: use lowercase letters, digits and dashes "
            "in '{#…}'"
        ),
    ),
    "reflection-duplicate-id": (
        ERROR,
        _l(
            "the reflection id '%(id)s' is already used in %(other)s (line %(other_line)s); "
            "give each reflection of the course its own id"
        ),
    ),
    "reflection-empty": (
        ERROR,
        _l(
            "the reflection '%(id)s' has no prompt; write the question between its first line "
            "and ':::'"
        ),
    ),
    "reflection-translation": (
        ERROR,
        _l(
            "the reflections here (%(ids)s) are not those of %(twin)s (%(twin_ids)s); a "
            "translation keeps the same reflection ids, in the same order"
        ),
    ),
}
