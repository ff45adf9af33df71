"""The `xapi.send` job (what waits in the outbox goes to the LRS), and the upkeep's look at
the outbox (every MOOC_JOBS_UPKEEP_SECONDS, a minute by default): statements left by a
back-off, or missed by a sender that was ending."""

from __future__ import annotations

import logging

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from mooc.jobs import JobContext, handler, upkeep
from mooc.transactions import transaction
from mooc.xapi import sending, services
from mooc.xapi.statements import enabled

log = logging.getLogger(__name__)


def summary(report: dict) -> str:
    """The job page's sentence."""
    return gettext(
        "%(sent)s learning records sent, %(rejected)s refused by the LRS, %(failures)s failures."
    ) % {key: report.get(key, 0) for key in ("sent", "rejected", "failures")}


@handler("xapi.send", title=_l("Sending learning records"), summary=summary)
def send(context: JobContext) -> None:
    """Send the outbox's pending statements, oldest first (an LRS that fails leaves them for
    the next attempt: the job itself succeeds)."""
    context.report = sending.send_pending() if enabled() else {}


@upkeep
def resend_due() -> None:
    """Start a sender when statements wait and the back-off is over."""
    if enabled() and services.due():
        log.info("xapi: statements wait and no back-off holds them: a sender is started")
        with transaction():  # the job is queued when this commits (the upkeep has no request)
            services.start_sending()
