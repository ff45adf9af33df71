"""The events features send and others react to (blinker, as Flask uses).

A signal is sent by the service that makes the event happen, inside its transaction: receivers
run in the same transaction, so their writes commit or roll back with the event. Receivers live
in each feature's `receivers.py`, connected once per process by `mooc.register_receivers`, and
must not commit. Every signal is sent with the app as sender and keyword arguments only:

| signal | keyword arguments |
|---|---|
| `user_registered` | `user` |
| `course_enrolled` | `user_ids`, `course_id` (one or many learners, just enrolled) |
| `path_enrolled` | `user_ids`, `path_id` |
| `members_added` | `user_ids`, `course_id` or `path_id` (a cohort's new members, to enrol) |
| `item_opened` | `state` (the learner's `CourseState`), `item` (the outline `Item` opened) |
| `lesson_completed` | `user_id`, `lesson_id`, `course_id` |
| `quiz_graded` | `attempt` (a `QuizAttempt`, flushed), `course_id` |
| `course_completed` | `user_id`, `course_id`, `completed_at` |
| `certificate_planned` | `plan` (plain data of a new certificate, before its PDF), `user` (*) |
| `certificate_issued` | `certificate` (flushed; its PDF is on disk), `attachments` (its plan's) |
| `certificate_superseded` | `certificate` (the learner's previous one, replaced by a new one) |
| `certificate_revoked` | `certificate` |
| `assignment_submitted` | `submission` (an assignment `Submission`, flushed), `course_id` |
| `assignment_graded` | `submission` (flushed, with its grade and whether it passed), `course_id` |
| `content_syncing` | `report` (a `SyncReport`, flushed; `report.refuse(error)` undoes the sync) |
| `mail_bounced` | `email`, `reference` (the sender's, e.g. `cohort-invitation:12`), `reason` |
| `members_leaving` | `user_ids` (learners whose cohort memberships are about to be deleted) |

(*) Receivers of `certificate_planned` may add files for the PDF to embed (PDF/A-3 associated
files) to `plan["attachments"]`: dicts with `name`, `content` (text, embedded as UTF-8),
`relationship` (AFRelationship: `Source`, `Data` …) and `description`; the same list comes back
with `certificate_issued`. Plans are plain data: they may be rendered in another process.
"""

from __future__ import annotations

from typing import Any

from blinker import Namespace
from flask import current_app

signals = Namespace()

user_registered = signals.signal("user-registered")
course_enrolled = signals.signal("course-enrolled")
path_enrolled = signals.signal("path-enrolled")
members_added = signals.signal("members-added")
item_opened = signals.signal("item-opened")
lesson_completed = signals.signal("lesson-completed")
quiz_graded = signals.signal("quiz-graded")
course_completed = signals.signal("course-completed")
certificate_planned = signals.signal("certificate-planned")
certificate_issued = signals.signal("certificate-issued")
certificate_superseded = signals.signal("certificate-superseded")
certificate_revoked = signals.signal("certificate-revoked")
assignment_submitted = signals.signal("assignment-submitted")
assignment_graded = signals.signal("assignment-graded")
content_syncing = signals.signal("content-syncing")
mail_bounced = signals.signal("mail-bounced")
members_leaving = signals.signal("members-leaving")


def send(signal, **payload: Any) -> None:
    """Send `signal` from the current app with keyword arguments only."""
    signal.send(current_app._get_current_object(), **payload)
