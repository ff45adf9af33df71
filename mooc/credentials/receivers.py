"""How credentials follow certificates (inside the transaction that sent the event)."""

from __future__ import annotations

from mooc import signals

# `issuing`, `queries` and `services` are imported when a certificate event comes: they load
# the signing and JSON-LD libraries, which a worker serving pages does not need (see views.py).


@signals.certificate_planned.connect
def attach_credential(_app, *, plan, user, **_extra) -> None:
    """A new certificate's PDF carries its signed credential."""
    from mooc.credentials import issuing

    plan.setdefault("attachments", []).append(issuing.attachment(plan, user.id))


@signals.certificate_rendering.connect
def attach_kept_credential(_app, *, certificate, plan, **_extra) -> None:
    """A lost PDF rendered again carries the credential issued with it, byte for byte (none for
    a certificate issued before certificates carried one)."""
    from mooc.credentials import issuing, queries

    kept = queries.by_code(certificate.code)
    if kept is not None:
        plan.setdefault("attachments", []).append(issuing.attachment_of(kept.document, plan))


@signals.certificate_issued.connect
def keep_credential(_app, *, certificate, attachments=(), **_extra) -> None:
    """The credential embedded in the PDF is kept, byte for byte, with the certificate."""
    from mooc.credentials import services

    for attachment in attachments:
        if attachment.get("source") == "credentials":
            services.keep(certificate, attachment["content"])


@signals.certificate_revoked.connect
@signals.certificate_superseded.connect
def revoke_credential(_app, *, certificate, **_extra) -> None:
    """A revoked or superseded certificate's credential shows revoked in its status list."""
    from mooc.credentials import services

    services.revoke(certificate)
