"""How accounts react to other features' events (inside the transaction that sent them)."""

from __future__ import annotations

from mooc import signals
from mooc.accounts import services


@signals.account_closing.connect
def scrub_closed_account(_app, *, user, **_extra) -> None:
    """A learner deleted her account: her row is scrubbed and her tokens revoked."""
    services.close_account(user)
