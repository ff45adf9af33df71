"""Assignment operations. Today only opening the page; submitting and reviews come later."""

from __future__ import annotations

from typing import Any

from mooc import signals
from mooc.courses import progress
from mooc.transactions import transactional


@transactional
def open_assignment(user_id: int, page: dict[str, Any], slug: str, visit: bool = True):
    """An assignment the learner may open (enrolled, its module open): (state, item state);
    opening it is remembered by the course (`item_opened`) so that the learner resumes here."""
    state, item_state = progress.open_item(user_id, page, slug)
    if visit:
        signals.send(signals.item_opened, state=state, item=item_state.item)
    return state, item_state
