"""The quiz format's problems: code: (severity, message saying what to do)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.courses.content.severity import ERROR, WARNING

QUIZ_MESSAGES = {
    "quiz-no-questions": (
        ERROR,
        _l("the quiz has no questions; start each question with a '## ' heading"),
    ),
    "question-empty-title": (
        ERROR,
        _l("question %(id)s has an empty heading; write the question after '## '"),
    ),
    "question-bad-id": (
        ERROR,
        _l(
            "the question id '%(id)s' is not valid: use lowercase letters, digits and dashes "
            "in '{#…}'"
        ),
    ),
    "question-duplicate-id": (
        ERROR,
        _l("the question id '%(id)s' is used twice in this quiz; make each '{#…}' unique"),
    ),
    "question-no-answers": (
        ERROR,
        _l(
            "question '%(id)s' has no choices ('- [ ]' / '- [x]' lines) and no answers "
            "('= …' lines); add one or the other"
        ),
    ),
    "question-mixed": (
        ERROR,
        _l("question '%(id)s' has both choices and '=' answers; keep only one kind"),
    ),
    "question-two-lists": (
        ERROR,
        _l("question '%(id)s' has more than one list of choices; merge them into one list"),
    ),
    "question-mixed-list": (
        ERROR,
        _l("in question '%(id)s' every item of the list of choices must start with '[ ]' or '[x]'"),
    ),
    "question-no-correct": (
        ERROR,
        _l("question '%(id)s' has no correct choice; mark at least one with '- [x]'"),
    ),
    "option-empty": (
        ERROR,
        _l("question '%(id)s' has an empty choice; write its text after '[ ]' or '[x]'"),
    ),
    "question-one-option": (
        ERROR,
        _l("question '%(id)s' has only one choice; give at least two"),
    ),
    "question-answer-lines": (
        ERROR,
        _l(
            "in question '%(id)s' the '= …' answer lines are mixed with text; put a blank "
            "line before the first '=' line"
        ),
    ),
    "question-empty-answer": (
        ERROR,
        _l("question '%(id)s' has an '=' line with no answer after it"),
    ),
    "question-content-after": (
        ERROR,
        _l(
            "question '%(id)s' has text after its answers; only an explanation in a block "
            "quote ('> …') may follow them"
        ),
    ),
    "quiz-translation-count": (
        ERROR,
        _l(
            "this translation has %(count)s questions but %(twin)s has %(twin_count)s; "
            "translate every question, in the same order"
        ),
    ),
    "quiz-translation-question": (
        ERROR,
        _l(
            "question %(position)s is '%(id)s' here but '%(twin_id)s' in %(twin)s; "
            "keep the same questions, ids and order"
        ),
    ),
    "quiz-translation-options": (
        ERROR,
        _l(
            "question '%(id)s' differs from %(twin)s (%(what)s); a translation keeps the same "
            "number of choices and the same correct ones"
        ),
    ),
    "question-no-feedback": (
        WARNING,
        _l(
            "question '%(id)s' has no explanation ('> …') and not every choice has feedback; "
            "learners who get it wrong will not learn why"
        ),
    ),
    "cue-longest": (
        WARNING,
        _l(
            "in %(count)s of the %(total)s single-choice questions (%(ids)s) the correct choice "
            "is the longest, so learners can guess it without knowing; make the wrong choices "
            "as long and as precise as the right one"
        ),
    ),
    "cue-position": (
        WARNING,
        _l(
            "with 'shuffle: false', the correct choice is choice %(letter)s in %(count)s of the "
            "%(total)s single-choice questions (%(ids)s), so learners can guess by position; "
            "move some correct choices, or remove 'shuffle: false'"
        ),
    ),
    "cue-select-all": (
        WARNING,
        _l(
            "in the 'select all' question '%(id)s', %(correct)s of the %(count)s choices are "
            "correct, so learners find the wrong one by elimination; add at least two "
            "plausible wrong choices"
        ),
    ),
}
