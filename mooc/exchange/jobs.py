"""The exchange's digest, sent by a worker: each learner who chose a daily or weekly digest
gets what happened since the last one (other cities' activity only if she asked for it)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.exchange import digests
from mooc.jobs import JobContext, handler
from mooc.mail import deliver


@handler("exchange.digest", title=_l("Sending the exchange digests"))
def send_digests(context: JobContext) -> None:
    """One mail per learner whose digest is due; each is recorded as it goes, so that a run
    started again after a crash resumes without sending twice."""
    sent = 0
    for due in digests.due():
        outcome = deliver(
            due.email,
            "exchange/digest",
            due.context,
            locale=due.locale,
            category="digest",
            reference=f"exchange-digest:{due.user_id}",
        )
        digests.record(due, outcome)
        sent += outcome == "sent"
    context.report = {"sent": sent}
