"""Building xAPI 1.0.3 statements: the actor as an account on the deployment's home page, the
activities by their stable content ids under `MOOC_BASE_URL`, the learner's language.

Activity ids are identifiers, not routes: `<base>/xapi/course/<course>`,
`<base>/xapi/course/<course>/<lesson|quiz|assignment>/<item>`, `<base>/xapi/path/<path>`,
`<base>/xapi/certificate/<code>`, and `<base>/` for the platform itself. They stay the same
whatever the pages' URLs become, because content ids (slugs) are stable by contract."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from flask import current_app

from mooc.clock import utcnow
from mooc.urls import base_url

ADL = "http://adlnet.gov/expapi"
VERBS = {
    "registered": f"{ADL}/verbs/registered",
    "completed": f"{ADL}/verbs/completed",
    "attempted": f"{ADL}/verbs/attempted",
    "submitted": "http://activitystrea.ms/schema/1.0/submit",
    "scored": f"{ADL}/verbs/scored",
    "earned": "http://id.tincanapi.com/verb/earned",
}
TYPES = {
    "platform": "http://id.tincanapi.com/activitytype/lms",
    "course": f"{ADL}/activities/course",
    "path": f"{ADL}/activities/course",
    "lesson": f"{ADL}/activities/lesson",
    "quiz": f"{ADL}/activities/assessment",
    "assignment": f"{ADL}/activities/performance",
    "certificate": "http://activitystrea.ms/schema/1.0/badge",
}
ACTORS = ("account", "mbox", "mbox_sha1sum")


@dataclass(frozen=True)
class Learner:
    """What a statement needs of an account: its id, language and (if configured) email."""

    id: int
    language: str
    email: str = ""


@dataclass(frozen=True)
class Activity:
    """An activity: its kind (`TYPES`), content path (`("course", "demo")` …) and names per
    language (the learner's first when the content has it)."""

    kind: str
    path: tuple[str, ...]
    names: dict[str, str]
    more_info: str | None = None

    @property
    def id(self) -> str:
        """The activity's IRI under MOOC_BASE_URL."""
        if self.kind == "platform":
            return base_url() + "/"
        return base_url() + "/xapi/" + "/".join(quote(part, safe="") for part in self.path)

    def as_object(self) -> dict[str, Any]:
        """The statement's `object` (or a context activity)."""
        definition: dict[str, Any] = {"type": TYPES[self.kind]}
        if self.names:
            definition["name"] = dict(self.names)
        if self.more_info:
            definition["moreInfo"] = self.more_info
        return {"objectType": "Activity", "id": self.id, "definition": definition}


def enabled() -> bool:
    """True when an LRS is configured: without one, no statement is recorded at all."""
    return bool(current_app.config.get("LRS_URL"))


def actor(learner: Learner) -> dict[str, Any]:
    """The learner as an xAPI Agent: an account on our home page (the account id, nothing
    else), or her email when `MOOC_XAPI_ACTOR` says `mbox` (or its SHA-1, `mbox_sha1sum`)."""
    kind = current_app.config.get("XAPI_ACTOR") or "account"
    if kind not in ACTORS:
        raise ValueError(f"MOOC_XAPI_ACTOR: {kind!r} is not one of {', '.join(ACTORS)}")
    if kind != "account" and learner.email:
        mbox = f"mailto:{learner.email}"
        if kind == "mbox":
            return {"objectType": "Agent", "mbox": mbox}
        return {"objectType": "Agent", "mbox_sha1sum": hashlib.sha1(mbox.encode()).hexdigest()}
    return {
        "objectType": "Agent",
        "account": {"homePage": base_url() + "/", "name": str(learner.id)},
    }


def platform() -> Activity:
    """The deployment itself (what a new account registers with)."""
    return Activity("platform", (), {"en": current_app.config["XAPI_PLATFORM"]})


def timestamp(moment: datetime | None) -> str:
    """ISO 8601 in UTC with milliseconds (stored times are naive UTC)."""
    return (moment or utcnow()).isoformat(timespec="milliseconds") + "Z"


def build(
    learner: Learner,
    verb: str,
    activity: Activity,
    *,
    parent: Activity | None = None,
    result: dict[str, Any] | None = None,
    moment: datetime | None = None,
) -> dict[str, Any]:
    """One statement with a fresh id: `learner` `verb` `activity` (in `parent`), at `moment`."""
    context: dict[str, Any] = {
        "platform": current_app.config["XAPI_PLATFORM"],
        "language": learner.language,
    }
    grouping = [] if activity.kind == "platform" else [platform().as_object()]
    activities: dict[str, Any] = {"grouping": grouping} if grouping else {}
    if parent is not None:
        activities["parent"] = [parent.as_object()]
    if activities:
        context["contextActivities"] = activities
    statement = {
        "id": str(uuid.uuid4()),
        "actor": actor(learner),
        "verb": {"id": VERBS[verb], "display": {"en": verb}},
        "object": activity.as_object(),
        "context": context,
        "timestamp": timestamp(moment),
    }
    if result is not None:
        statement["result"] = result
    return statement


def score(raw: float, maximum: float, success: bool | None) -> dict[str, Any]:
    """A result with its score (raw between 0 and `maximum`, scaled 0 to 1) and success."""
    scaled = round(raw / maximum, 4) if maximum else 0.0
    result: dict[str, Any] = {
        "score": {"scaled": min(1.0, max(0.0, scaled)), "raw": raw, "min": 0, "max": maximum},
        "completion": True,
    }
    if success is not None:
        result["success"] = bool(success)
    return result
