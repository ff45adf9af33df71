"""Rendering a mail and handing it to the SMTP server (inside a job, never in a request)."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from flask import current_app
from flask_babel import force_locale

from mooc import signals
from mooc.mail.preferences import is_opted_out, unsubscribe_url

log = logging.getLogger(__name__)
SENT, BOUNCED, UNSUBSCRIBED = "sent", "bounced", "unsubscribed"


class Bounce(Exception):
    """The server refused the recipient for good (a 5xx answer)."""


def render(
    to: str, template: str, context: dict[str, Any], locale: str, category: str | None
) -> EmailMessage:
    """The message: subject and text part from `mail/<template>.txt`, the HTML part from
    `mail/<template>.html`, in `locale`; with List-Unsubscribe unless transactional."""
    app = current_app
    variables = {**context, "locale": locale, "category": category}
    if category is not None:
        variables["unsubscribe_url"] = unsubscribe_url(to, category)
    with force_locale(locale):
        text = app.jinja_env.get_template(f"mail/{template}.txt").make_module(variables)
        html = app.jinja_env.get_template(f"mail/{template}.html").render(
            subject=str(text.subject).strip(), **variables
        )
    message = EmailMessage()
    sender = app.config["MAIL_SENDER"]
    message["From"] = sender
    message["To"] = to
    message["Subject"] = " ".join(str(text.subject).split())
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to us
    if category is not None:
        # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link.
        message["List-Unsubscribe"] = f"<{variables['unsubscribe_url']}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(str(text).strip() + "\n")
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = locale  # after the parts: they take the Content-* headers
    return message


def deliver(
    to: str,
    template: str,
    context: dict[str, Any],
    *,
    locale: str,
    category: str | None = None,
    reference: str = "",
) -> str:
    """Render and send now: `sent`, `unsubscribed` (the address turned `category` off) or
    `bounced` (the server refused the address for good; `mail_bounced` is sent with
    `reference`). A temporary failure (server down, 4xx) raises: the job runs again later."""
    if category is not None and is_opted_out(to, category):
        return UNSUBSCRIBED
    message = render(to, template, context, locale, category)
    try:
        transmit(message)
    except Bounce as refusal:
        record_bounce(to, reference, str(refusal))
        return BOUNCED
    return SENT


def transmit(message: EmailMessage) -> None:
    """Through SMTP when `MOOC_MAIL_SERVER` is set, else into the log (and the app's outbox)."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        log.warning("mail to %s: %s\n%s", message["To"], message["Subject"], message)
        current_app.extensions.setdefault("mooc_outbox", []).append(message)
        return
    try:
        with smtplib.SMTP(
            config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=config["MAIL_TIMEOUT"]
        ) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        code, text = next(iter(error.recipients.values()))
        if code >= 500:
            raise Bounce(f"{code} {text.decode(errors='replace')}") from None
        raise
    except smtplib.SMTPDataError as error:
        if error.smtp_code >= 500:
            raise Bounce(f"{error.smtp_code} {error.smtp_error!r}") from None
        raise


def record_bounce(email: str, reference: str, reason: str) -> None:
    """A mail did not reach `email`: refused when sent, or (in production) reported later by a
    bounce processor reading the delivery reports. Features react to `mail_bounced` by the
    `reference` they gave (e.g. `cohort-invitation:12`)."""
    log.warning("mail to %s bounced (%s): %s", email, reference, reason)
    signals.send(signals.mail_bounced, email=email, reference=reference, reason=reason)
