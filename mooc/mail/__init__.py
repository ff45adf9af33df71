"""Mail: rendered in the recipient's language (a text part and a light HTML part), sent by a
worker, with a signed one-click unsubscribe (RFC 8058) on everything that is not
transactional, and preferences per category on the account page.

A feature sends mail in one of two ways:

- `mooc.mail.send(to, template, context, locale=…, category=…)` from a service or a signal
  receiver: the mail is queued as a job when the operation commits (never if it rolls back);
  `context` is plain JSON data (titles, names, links from `mooc.urls.external_url`).
- `mooc.mail.deliver(...)` from its own job handler, when the mail needs data the worker looks up
  (an account's language, a fresh link): it renders and sends at once, and says what happened
  (`sent`, `bounced`, `unsubscribed`); a temporary failure raises, so that the job is retried.

Templates: `<feature>/templates/mail/<name>.txt` (the text part; it sets `subject`) and
`mail/<name>.html` (the HTML part, extending `mail/base.html`)."""

from flask_babel import lazy_gettext as _l

from mooc.mail.delivery import deliver, record_bounce
from mooc.mail.preferences import (
    is_opted_out,
    preferences,
    set_preferences,
    unsubscribe,
    unsubscribe_token,
    unsubscribe_url,
)
from mooc.mail.services import send

# Categories a recipient may turn off (transactional mail, category None, cannot be).
CATEGORIES = {
    "invitations": _l("Invitations to join a cohort"),
    "reminders": _l("Reminders from your trainers"),
    "certificates": _l("News of your certificates"),
    "exchange": _l("Replies to your posts and reports to moderate"),
    "digest": _l("The digest of your cohort's discussions"),
}

__all__ = [
    "CATEGORIES",
    "deliver",
    "is_opted_out",
    "preferences",
    "record_bounce",
    "send",
    "set_preferences",
    "unsubscribe",
    "unsubscribe_token",
    "unsubscribe_url",
]
