"""The job that sends one queued mail."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.jobs import JobContext, handler
from mooc.mail.delivery import deliver


@handler("mail.send", title=_l("Sending a mail"))
def send_mail(context: JobContext) -> None:
    """Render and send; a bounce or an unsubscribed address ends the job (nothing to retry)."""
    p = context.params
    outcome = deliver(
        p["to"],
        p["template"],
        p["context"],
        locale=p["locale"],
        category=p.get("category"),
        reference=p.get("reference", ""),
    )
    context.report = {"outcome": outcome}
