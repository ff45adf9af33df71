"""How cohorts react to other features' events (inside the transaction that sent them)."""

from __future__ import annotations

from mooc import signals
from mooc.cohorts import services


@signals.user_registered.connect
def take_in_invited(_app, *, user, **_extra) -> None:
    """A new account joins the cohorts that invited its email."""
    services.accept_invitations(user)
