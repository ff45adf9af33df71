"""Account mail sent by a worker: the password-reset link."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mooc.accounts.queries import find_user
from mooc.accounts.services import RESET_MAX_AGE, reset_token
from mooc.jobs import JobContext, handler
from mooc.mail import deliver
from mooc.urls import external_url


@handler("accounts.reset_mail", title=_l("Sending a password-reset link"))
def reset_mail(context: JobContext) -> None:
    """Mail a reset link if an account has the email typed; nothing otherwise (the request did
    not look, so that it answered both alike). Transactional: no unsubscribe."""
    user = find_user(context.params["email"])
    if user is None:
        context.report = {"outcome": "no account"}
        return
    link = external_url("accounts.reset_password", token=reset_token(user))
    outcome = deliver(
        user.email,
        "accounts/reset",
        {"name": user.display_name, "link": link, "hours": RESET_MAX_AGE // 3600},
        locale=user.language,
        reference=f"password-reset:{user.id}",
    )
    context.report = {"outcome": outcome}
