"""How cohorts react to other features' events (inside the transaction that sent them)."""

from __future__ import annotations

from mooc import signals
from mooc.cohorts import services

REFERENCE = "cohort-invitation:"


@signals.mail_bounced.connect
def invitation_bounced(_app, *, reference, reason, **_extra) -> None:
    """An invitation's mail was refused: its trainer sees "bounced"."""
    if reference.startswith(REFERENCE) and reference[len(REFERENCE) :].isdigit():
        services.invitation_bounced(int(reference[len(REFERENCE) :]), reason)


@signals.account_closing.connect
def forget_closed_account(_app, *, user, email, **_extra) -> None:
    """A learner deleted her account: her memberships and invitations go."""
    services.forget_member(user.id, email)
