"""How certificates react to events: the holder hears that her certificate is ready."""

from __future__ import annotations

from mooc import mail, signals
from mooc.accounts.models import User
from mooc.extensions import db
from mooc.urls import external_url


@signals.certificate_issued.connect
def mail_the_holder(_app, *, certificate, **_extra) -> None:
    """ "Your certificate is ready", with its verification link: queued when the issue commits
    (a rolled-back issue sends nothing), in the language it was printed in."""
    holder = db.session.get(User, certificate.user_id)
    if holder is None:
        return
    mail.send(
        holder.email,
        "certificates/ready",
        {
            "name": holder.display_name,
            "title": certificate.course_title,
            "path": certificate.kind == "path",
            "code": certificate.code,
            "verify_url": external_url("certificates.verify", code=certificate.code),
            "download_url": external_url("certificates.download", code=certificate.code),
        },
        locale=certificate.locale,
        category="certificates",
        key=f"certificate-ready:{certificate.code}",
        reference=f"certificate:{certificate.code}",
    )
