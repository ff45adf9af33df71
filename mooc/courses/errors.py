"""What a learner may be refused in a course or a path, with the status and words of each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.errors import ServiceError


class LearningError(ServiceError):
    """A refused learning action: not enrolled, a locked module or course, an unknown item."""

    codes = {
        "not_enrolled": (403, _l("Enrol in the course to open its lessons and quizzes.")),
        # `module`: the title of the module to complete first; `module_slug`: its id.
        "locked": (403, _l("This module opens when you complete “%(module)s”.")),
        # `course`: the title of the course of the path to complete first.
        "path_locked": (403, _l("This course opens when you complete “%(course)s”.")),
    }
