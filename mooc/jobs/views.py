"""A job's page (progress, then the download link) and its result."""

from __future__ import annotations

import json
import os

from flask import Blueprint, abort, render_template, send_file
from flask_login import current_user, login_required

from mooc.jobs.registry import KINDS
from mooc.jobs.services import visible_job

bp = Blueprint("jobs", __name__, template_folder="templates")


@bp.app_template_global("job_title")
def job_title(job) -> str:
    """What the job does, in the reader's language."""
    kind = KINDS.get(job.kind)
    return str(kind.title) if kind is not None and kind.title else job.kind


@bp.app_template_global("job_outcome")
def job_outcome(job) -> str:
    """What a finished job did, in the reader's language (from the counts it recorded)."""
    kind = KINDS.get(job.kind)
    if kind is None or kind.summary is None or not job.outcome.startswith("{"):
        return ""
    return kind.summary(json.loads(job.outcome))


@bp.get("/jobs/<int:job_id>")
@login_required
def job(job_id: int):
    """Where a job stands; the page refreshes itself until it is done (no JavaScript)."""
    found = visible_job(current_user, job_id) or abort(404)
    return render_template("jobs/job.html", job=found), 200, {"Cache-Control": "no-store"}


@bp.get("/jobs/<int:job_id>/result")
@login_required
def result(job_id: int):
    """The file a job produced, while it has not expired."""
    found = visible_job(current_user, job_id) or abort(404)
    if found.status != "done" or not found.result_file or not os.path.exists(found.result_file):
        abort(404)
    return send_file(
        found.result_file,
        mimetype=found.result_type or "application/octet-stream",
        as_attachment=True,
        download_name=found.result_name,
    )
