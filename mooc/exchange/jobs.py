"""The exchange's digest, sent by a worker: each learner who chose a daily or weekly digest
gets what happened since the last one (other cities' activity only if she asked for it). The
jobs' upkeep (every minute, in a worker) queues the hour's digest job when one is due: no one
runs a command."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.exchange import digests
from mooc.jobs import JobContext, handler, upkeep
from mooc.mail import deliver
from mooc.transactions import transaction


@handler("exchange.digest", title=_l("Sending the exchange digests"))
def send_digests(context: JobContext) -> None:
    """One mail per learner whose digest is due; each is recorded as it goes, so that a run
    started again after a crash resumes without sending twice."""
    sent = 0
    for due in digests.due():
        sent += send_one(due) == "sent"
    context.report = {"sent": sent}


def send_one(due: digests.Due) -> str | None:
    """Claim her digest of the period, send it and record it; None when another worker has
    claimed it. A temporary SMTP failure gives the period back and raises (the job retries)."""
    if not digests.claim(due):
        return None
    try:
        outcome = deliver(
            due.email,
            "exchange/digest",
            due.context,
            locale=due.locale,
            category="digest",
            reference=f"exchange-digest:{due.user_id}",
        )
    except Exception:
        digests.release(due)
        raise
    digests.record(due, outcome)
    return outcome


@upkeep
def queue_digests() -> None:
    """Queue the hour's digest job when some learner's digest is due (the job's key makes it
    one job per hour whatever the number of workers and upkeeps)."""
    with transaction():  # the job is queued when this commits (the upkeep has no request)
        digests.queue_when_due()
