"""Unsubscribing from a mail's link (no sign-in: the link is signed) and mail preferences."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from mooc.extensions import csrf
from mooc.mail import CATEGORIES
from mooc.mail.preferences import ALL, preferences, read_token, set_preferences, unsubscribe

bp = Blueprint("mail", __name__, template_folder="templates")


@bp.app_template_global("mail_preferences")
def mail_preferences(email: str) -> list[tuple[str, str, bool]]:
    """(category, label, receives it) for the account page."""
    wanted = preferences(email)
    return [(name, str(label), wanted[name]) for name, label in CATEGORIES.items()]


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"], endpoint="unsubscribe")
@csrf.exempt  # RFC 8058: the mail client posts without cookies; the signed token is the proof
def unsubscribe_page(token: str):
    """GET: a page with a button (link scanners never unsubscribe anybody); POST (the button,
    or a mail client's one-click `List-Unsubscribe=One-Click`): done."""
    found = read_token(token) or abort(404)
    email, category = found
    label = gettext("every mail of the course") if category == ALL else str(CATEGORIES[category])
    if request.method == "POST":
        every = request.form.get("scope") == ALL
        unsubscribe(email, ALL if every else category)
        return render_template("mail/unsubscribed.html", label=label, every=every)
    return render_template("mail/unsubscribe.html", token=token, label=label, email=email)


@bp.post("/account/mail")
@login_required
def save_preferences():
    """The account page's mail preferences: a box per category."""
    set_preferences(current_user.email, {name: name in request.form for name in CATEGORIES})
    flash(gettext("Your mail preferences are saved."))
    return redirect(url_for("accounts.profile") + "#mail-heading")
