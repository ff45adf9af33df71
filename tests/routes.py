"""One table of real arguments for every URL rule, shared by the walks of tests/security (headers,
CSRF, copied sessions, object access): a world of real objects (a learner with progress, an
attempt and a certificate, a cohort and its trainer, an admin, a token), and who may see what.

A route with an argument the table does not know makes `test_every_argument_is_known` fail:
add it to `VALUES` below (and its viewer to `viewer` if the rules there do not fit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import select
from werkzeug.routing import Rule

from mooc import create_app, mail
from mooc.accounts import services as accounts
from mooc.accounts.models import User
from mooc.certificates import services as certificates
from mooc.certificates.models import Certificate
from mooc.cohorts import services as cohorts
from mooc.cohorts.invitations import token_of
from mooc.cohorts.models import Cohort, CohortInvitation
from mooc.extensions import db
from tests.cohorts.helpers import RIGHT, make_cohort, progress
from tests.exchange.world import add_exchange
from tests.factories import UserFactory
from tests.trees import PLAN, SECOND_EDITION, TreeBuilder

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Pages and API answers anyone may see without signing in.
PUBLIC = {
    "static",
    "courses.catalogue",
    "courses.course",
    "courses.path",
    "courses.media",
    "accounts.login",
    "accounts.register",
    "accounts.forgot_password",
    "accounts.reset_password",
    "certificates.verify",
    "api.verify_api",
    "api.courses",
    "api.course",
    "api.paths",
    "api.path",
    "api.openapi_document",
    "api.register",
    "api.token_login",
    "credentials.did_document",
    "credentials.document",
    "credentials.status_list",
    "credentials.verify_file",
    "mail.unsubscribe",  # the signed link of a mail: no sign-in (RFC 8058 one-click)
    "cohorts.invitation",  # an invitation's link: read before signing in or registering
    "cohorts.decline",  # declining needs no account
    "cohorts.join",  # a join link says what it is before signing in or registering
    "cohorts.join_start",
}
# GET routes that answer with a redirect (to where the learner goes next).
REDIRECTS = {"courses.resume"}
# Query strings a route needs to show something (the admin's reports need a scope).
QUERIES = {
    "api.scope_report": "region=latin-america",
    "cohorts.admin_report": "scope=region&value=latin-america",
    "cohorts.admin_report_export": "scope=region&value=latin-america",
}


@dataclass
class World:
    """Real objects that URLs name: a learner's, a trainer's, an admin's."""

    learner: User
    trainer: User
    admin: User
    cohort: Cohort
    certificate: Certificate
    token_id: int
    reset_token: str
    job_id: int = 0
    invitation_id: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def build_world(display_name: str = "Ana Owner") -> World:
    """Within a test with the baseline tree synced: the objects every route can name."""
    add_assignment()
    learner = UserFactory(display_name=display_name)
    cohort, trainer = make_cohort()
    cohorts.join(learner, cohort.join_code)  # her trainer sees her progress
    progress(learner, ["intro"], [RIGHT])
    progress(learner, ["housing"])
    token, _plain = accounts.create_token(learner, "a script")
    certificate = certificates.issue(learner, "demo", "en")
    cohorts.add_learners(cohort, [(1, "invitee@example.org")], trainer=trainer)
    job = cohorts.start_archive(cohort, learner)  # a job with a result to download
    world = World(
        learner=learner,
        trainer=trainer,
        admin=UserFactory(role="admin"),
        cohort=cohort,
        certificate=certificate,
        token_id=token.id,
        reset_token=accounts.reset_token(learner),
        job_id=job.id,
        invitation_id=db.session.scalar(select(CohortInvitation.id)),
    )
    add_exchange(world)
    world.extra.update(hand_in_assignment(learner, cohort))
    return world


def hand_in_assignment(learner: User, cohort: Cohort) -> dict[str, int]:
    """The learner and a cohort mate hand in the assignment: each reviews the other's work
    (the learner's review names the mate's work; the trainer sees the learner's)."""
    from mooc.assignments import services as assignments
    from mooc.assignments.models import Review
    from mooc.courses.models import Lesson

    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "plan"))
    mate = UserFactory(display_name="Mate Author")
    cohorts.join(mate, cohort.join_code)
    mine = assignments.save(learner.id, lesson, "My city's plan.", True)
    assignments.save(mate.id, lesson, "Our plan for housing.", True)
    review = db.session.scalar(select(Review).where(Review.reviewer_id == learner.id))
    return {"review_id": review.id, "submission_id": mine.id}


def add_assignment() -> None:
    """An optional assignment in the baseline's first module, so that its page names a real one."""
    from pathlib import Path

    from mooc.courses.content.sync import sync_tree

    tree = TreeBuilder(Path(current_app.config["CONTENT_DIR"]))
    tree.write(PLAN, SECOND_EDITION[PLAN].replace("title:", "required: false\ntitle:", 1))
    assert sync_tree(str(tree.root)).written


def values(rule: Rule, world: World | None, **overrides: Any) -> dict[str, Any]:
    """The arguments of `rule` naming the world's objects (or `overrides`)."""
    found: dict[str, Any] = {}
    for name in rule.arguments:
        if name in overrides:
            found[name] = overrides[name]
        elif world is None:
            found[name] = VALUES[name](None) if name in ("fmt", "name", "filename") else "x"
            if name in ("job_id", "invitation_id", "review_id", "submission_id", *EXCHANGE_IDS):
                found[name] = 1
        elif name in world.extra:
            found[name] = world.extra[name]
        elif name == "slug":
            found[name] = "practitioner" if "/paths/" in rule.rule else "demo"
        elif name == "item":
            found[name] = (
                "check"
                if "/quizzes/" in rule.rule
                else "plan"
                if "/assignments/" in rule.rule
                else "intro"
            )
        elif name == "code":
            found[name] = world.cohort.join_code if "join" in rule.rule else world.certificate.code
        elif name == "token" and rule.rule.startswith("/invitations/"):
            found[name] = token_of(world.invitation_id)
        elif name == "token" and rule.rule.startswith("/unsubscribe/"):
            found[name] = mail.unsubscribe_token(world.learner.email, "reminders")
        else:
            found[name] = VALUES[name](world)
    return found


VALUES = {
    "course_slug": lambda w: "demo",
    "number": lambda w: 1,
    "token_id": lambda w: w.token_id,
    "token": lambda w: w.reset_token,
    "name": lambda w: "map.svg",
    "filename": lambda w: "style.css",
    "cohort_id": lambda w: w.cohort.id,
    "fmt": lambda w: "csv",
    "job_id": lambda w: w.job_id,
    "invitation_id": lambda w: w.invitation_id,
    "review_id": lambda w: w.extra["review_id"],
    "submission_id": lambda w: w.extra["submission_id"],
}
EXCHANGE_IDS = ("answer_id", "post_id", "discussion_id", "report_id")  # in world.extra
KNOWN = set(VALUES) | {"slug", "item", "code", "prompt", *EXCHANGE_IDS}


def url(rule: Rule, world: World | None, **overrides: Any) -> str:
    """The rule's URL with the world's objects (or `overrides`) in it."""
    adapter = current_app.url_map.bind("localhost")
    found = adapter.build(rule.endpoint, values(rule, world, **overrides))
    query = QUERIES.get(rule.endpoint)
    return f"{found}?{query}" if query else found


def viewer(rule: Rule, world: World) -> User | None:
    """Who may see this route: nobody signed in, the learner, her trainer, or an admin."""
    if rule.endpoint in PUBLIC:
        return None
    if rule.rule.startswith(("/admin/", "/api/v1/reports", "/api/v1/admin/")):
        return world.admin
    if rule.rule.startswith(("/cohorts", "/api/v1/cohorts")):
        return world.trainer
    if rule.rule.startswith(("/quizzes/attempts", "/api/v1/attempt-grants")):
        return world.trainer  # extra attempts: for trainers and admins
    if rule.rule.startswith("/author"):
        return world.admin  # authors and admins only (tests/authoring walks learners and trainers)
    return world.learner


def rules(methods: set[str]) -> list[Rule]:
    """Every rule that answers one of `methods`, in a stable order."""
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": "sqlite://"})
    found = [rule for rule in app.url_map.iter_rules() if (rule.methods or set()) & methods]
    return sorted(found, key=lambda rule: (rule.rule, rule.endpoint))
