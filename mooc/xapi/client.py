"""Posting statements to the LRS: `POST <MOOC_LRS_URL>/statements` with basic auth
(MOOC_LRS_KEY / MOOC_LRS_SECRET) and `X-Experience-API-Version: 1.0.3`."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from flask import current_app

VERSION = "1.0.3"
# Answers that mean "this batch is wrong" (the LRS would say so again), not "try later".
REFUSED = {400, 409, 413}


@dataclass
class Answer:
    """What the LRS said: `ok`, `refused` (a statement is invalid) or `failed` (try later)."""

    outcome: str
    status: int | None
    message: str


def statements_url() -> str:
    """The LRS's statements resource."""
    return current_app.config["LRS_URL"].rstrip("/") + "/statements"


def headers() -> dict[str, str]:
    """The headers of every request to the LRS."""
    config = current_app.config
    found = {"X-Experience-API-Version": VERSION, "Content-Type": "application/json"}
    if config.get("LRS_KEY") or config.get("LRS_SECRET"):
        pair = f"{config.get('LRS_KEY') or ''}:{config.get('LRS_SECRET') or ''}"
        found["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    return found


def post(statements: list[dict[str, Any] | str]) -> Answer:
    """Send a batch of statements (dicts, or their JSON text as the outbox keeps it); never
    raises for what the network or the LRS does."""
    texts = [s if isinstance(s, str) else json.dumps(s, ensure_ascii=False) for s in statements]
    body = ("[" + ",".join(texts) + "]").encode()
    request = urllib.request.Request(statements_url(), data=body, headers=headers(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=current_app.config["XAPI_TIMEOUT"]) as answer:
            answer.read()
            return Answer("ok", answer.status, "")
    except urllib.error.HTTPError as error:
        text = error.read(2000).decode("utf-8", "replace")
        outcome = "refused" if error.code in REFUSED else "failed"
        return Answer(outcome, error.code, f"HTTP {error.code}: {text}".strip())
    except (OSError, ValueError) as error:  # refused connection, timeout, DNS, bad URL
        reason = getattr(error, "reason", error)
        return Answer("failed", None, f"{type(error).__name__}: {reason}")
