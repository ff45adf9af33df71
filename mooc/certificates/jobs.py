"""Certificate work done by a worker: issuing to a whole course, path or cohort."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from mooc.certificates import services
from mooc.jobs import JobContext, handler, remove_stale_parts, upkeep


def summary(report: dict) -> str:
    """`12 certificates issued; 3 learners already had one; 5 are not eligible yet.`"""
    return gettext(
        "%(issued)s certificates issued; %(held)s learners already had one; "
        "%(not_eligible)s are not eligible yet."
    ) % {key: report.get(key, 0) for key in ("issued", "held", "not_eligible")}


@handler(services.BULK_ISSUE, title=_l("Issuing certificates"), summary=summary)
def bulk_issue(context: JobContext) -> None:
    """Every eligible learner gets her certificate once; a second run only counts them."""
    p = context.params
    context.report = services.issue_many(
        p.get("course"), p.get("path"), p.get("cohort"), progress=context.progress
    )


@upkeep
def remove_half_written_certificates() -> None:
    """A worker killed while writing a PDF leaves `<code>.pdf.part` (its certificate's row was
    never committed, so the job issues it again under a new code): the upkeep removes it."""
    remove_stale_parts(current_app.config["CERTIFICATES_DIR"])
