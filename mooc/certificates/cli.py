"""`flask certificates revoke` and `flask certificates issue`."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mooc.accounts.models import User
from mooc.certificates import services
from mooc.certificates.bulk import render_all
from mooc.courses.models import Course, Enrolment
from mooc.extensions import db

certificates_cli = click.Group("certificates", help=str(_l("Issue and revoke certificates.")))


@certificates_cli.command("revoke")
@click.argument("code")
@click.option("--reason", required=True, help="Why, shown to admins.")
@with_appcontext
def revoke_command(code: str, reason: str) -> None:
    """Revoke a certificate; its verification page then says so."""
    try:
        certificate = services.revoke(code, reason)
    except services.CertificateError:
        click.echo(gettext("No certificate has this code."), err=True)
        sys.exit(1)
    click.echo(gettext("Certificate %(code)s is revoked.") % {"code": certificate.code})


@certificates_cli.command("issue")
@click.option("--course", "course_slug", required=True, help="Course id.")
@click.option("--workers", type=int, default=None, help="Rendering processes (default: cores).")
@with_appcontext
def issue_command(course_slug: str, workers: int | None) -> None:
    """Issue certificates to every eligible learner of a course (skips those who have one)."""
    course = db.session.scalar(select(Course).where(Course.slug == course_slug))
    if course is None:
        click.echo(gettext("No course has this id."), err=True)
        sys.exit(1)
    users = list(
        db.session.scalars(
            select(User)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(Enrolment.course_id == course.id)
            .order_by(User.id)
        )
    )
    plans, holders = {}, 0
    with current_app.test_request_context():
        for user in users:
            try:
                plan = services.prepare(user, course_slug, user.language)
            except services.CertificateError:
                continue
            if isinstance(plan, dict):
                plans[plan["code"]] = (user, plan)
            else:
                holders += 1
        config = {
            key: current_app.config[key]
            for key in (
                "SECRET_KEY",
                "SQLALCHEMY_DATABASE_URI",
                "CERTIFICATES_DIR",
                "CONTENT_DIR",
                "ISSUER",
                "TESTING",
            )
        }
        config["DATABASE_URL"] = config.pop("SQLALCHEMY_DATABASE_URI")
        rendered = render_all([plan for _user, plan in plans.values()], config, workers)
        with click.progressbar(
            rendered, length=len(plans), label=gettext("Issuing certificates")
        ) as bar:
            for code, content in bar:
                user, plan = plans[code]
                services.record(user, plan, content)
    click.echo(
        gettext("%(issued)s of %(total)s learners have a certificate.")
        % {"issued": holders + len(plans), "total": len(users)}
    )
