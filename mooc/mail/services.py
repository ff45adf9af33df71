"""Queuing a mail (a job of kind `mail.send`)."""

from __future__ import annotations

from typing import Any

from mooc.jobs import enqueue
from mooc.transactions import transactional


@transactional
def send(
    to: str,
    template: str,
    context: dict[str, Any],
    *,
    locale: str,
    category: str | None = None,
    key: str | None = None,
    reference: str = "",
):
    """Queue a mail to `to`, rendered from `mail/<template>` in `locale` with `context` (plain
    JSON: the worker renders it). It leaves when the current operation commits; `key` makes
    asking twice send once. `category` None means transactional (no unsubscribe)."""
    params = {
        "to": to,
        "template": template,
        "context": context,
        "locale": locale,
        "category": category,
        "reference": reference,
    }
    return enqueue("mail.send", params, key=key and f"mail:{key}")
