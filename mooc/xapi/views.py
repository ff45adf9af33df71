"""The admin's page of the outbox: what waits, what failed and why; a button to send now."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from mooc.accounts.auth import role_required
from mooc.xapi import queries, services

bp = Blueprint("xapi", __name__, template_folder="templates")


@bp.get("/admin/xapi")
@role_required("admin")
def outbox():
    """Pending, failing, sent and refused statements, the LRS's last error."""
    return render_template("xapi/outbox.html", state=queries.outbox_state())


@bp.post("/admin/xapi/send")
@role_required("admin")
def send_now():
    """End the back-off and send what waits now."""
    services.retry_now()
    flash(_("Sending the waiting learning records now."), "success")
    return redirect(url_for("xapi.outbox"))
