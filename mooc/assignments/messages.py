"""The assignment format's problems: code: (severity, message saying what to do)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.courses.content.severity import ERROR

ASSIGNMENT_MESSAGES = {
    "assignment-no-brief": (
        ERROR,
        _l(
            "the assignment has no brief; say what learners must do before the first '## ' "
            "criterion"
        ),
    ),
    "assignment-no-criteria": (
        ERROR,
        _l(
            "the assignment has no rubric; after the brief, start each criterion with a '## ' "
            "heading and list its levels as '- 0 …', '- 2 …'"
        ),
    ),
    "criterion-empty-title": (
        ERROR,
        _l("criterion %(id)s has an empty heading; write the criterion after '## '"),
    ),
    "criterion-bad-id": (
        ERROR,
        _l(
            "the criterion id '%(id)s' is not valid: use lowercase letters, digits and dashes "
            "in '{#…}'"
        ),
    ),
    "criterion-duplicate-id": (
        ERROR,
        _l("the criterion id '%(id)s' is used twice in this assignment; make each '{#…}' unique"),
    ),
    "criterion-no-levels": (
        ERROR,
        _l(
            "criterion '%(id)s' has no levels; list them under the heading, each starting with "
            "its points: '- 0 Not yet…', '- 2 Yes…'"
        ),
    ),
    "criterion-two-lists": (
        ERROR,
        _l("criterion '%(id)s' has more than one list of levels; merge them into one list"),
    ),
    "criterion-content-after": (
        ERROR,
        _l(
            "criterion '%(id)s' has text after its levels; move it above the list, or start a "
            "new criterion with '## '"
        ),
    ),
    "criterion-one-level": (
        ERROR,
        _l("criterion '%(id)s' has only one level; give at least two (the first usually 0)"),
    ),
    "criterion-points-order": (
        ERROR,
        _l(
            "the levels of criterion '%(id)s' give %(points)s points; list them from the "
            "fewest points to the most, each level worth more than the one before"
        ),
    ),
    "level-bad-points": (
        ERROR,
        _l(
            "in criterion '%(id)s' every level must start with its points, a whole number: "
            "'- 2 Yes: …'"
        ),
    ),
    "level-empty": (
        ERROR,
        _l(
            "in criterion '%(id)s' the level worth %(points)s points has no description; "
            "write what earns it after the number"
        ),
    ),
    "assignment-translation-count": (
        ERROR,
        _l(
            "this translation has %(count)s criteria but %(twin)s has %(twin_count)s; "
            "translate every criterion, in the same order"
        ),
    ),
    "assignment-translation-criterion": (
        ERROR,
        _l(
            "criterion %(position)s is '%(id)s' here but '%(twin_id)s' in %(twin)s; "
            "keep the same criteria, ids and order"
        ),
    ),
    "assignment-translation-points": (
        ERROR,
        _l(
            "criterion '%(id)s' gives the points %(points)s here but %(twin_points)s in "
            "%(twin)s; a translation keeps the same levels with the same points"
        ),
    ),
    "rubric-reviewed": (
        ERROR,
        _l(
            "the points or levels of this rubric changed, but %(count)s reviews of it are done: "
            "grades would change silently. Keep the levels and their points (rewording is "
            "fine), or publish the new rubric as a new assignment with another file name"
        ),
    ),
}
