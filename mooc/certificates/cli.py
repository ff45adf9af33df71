"""`flask certificates revoke` and `flask certificates issue`."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from mooc.certificates import services
from mooc.certificates.errors import CertificateError

certificates_cli = click.Group("certificates", help=str(_l("Issue and revoke certificates.")))


@certificates_cli.command("revoke")
@click.argument("code")
@click.option("--reason", required=True, help="Why, shown to admins.")
@with_appcontext
def revoke_command(code: str, reason: str) -> None:
    """Revoke a certificate; its verification page then says so."""
    try:
        certificate = services.revoke(code, reason)
    except CertificateError:
        fail(gettext("No certificate has this code."))
    click.echo(gettext("Certificate %(code)s is revoked.") % {"code": certificate.code})


@certificates_cli.command("issue")
@click.option("--course", "course_slug", default=None, help="Course id.")
@click.option("--path", "path_slug", default=None, help="Learning path id (instead of --course).")
@click.option("--cohort", "cohort_id", type=int, default=None, help="Only this cohort's members.")
@click.option("--workers", type=int, default=None, help="Rendering processes (default: cores).")
@with_appcontext
def issue_command(
    course_slug: str | None, path_slug: str | None, cohort_id: int | None, workers: int | None
) -> None:
    """Issue certificates to every eligible learner of a course or a path, or of a cohort only
    (skips those who have one): the work of the dashboard's job, here in the foreground."""
    if (course_slug is None) == (path_slug is None):
        fail(gettext("Give either --course or --path."))
    with click.progressbar(length=0, label=gettext("Issuing certificates")) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        try:
            report = services.issue_many(
                course_slug,
                path_slug,
                cohort_id,
                progress=progress,
                workers=workers or os.cpu_count() or 1,
                config=worker_config(),
            )
        except CertificateError as error:
            if error.code == "no_cohort":
                fail(gettext("No cohort has this id."))
            fail(
                gettext("No course has this id.")
                if course_slug
                else gettext("No path has this id.")
            )
    click.echo(
        gettext("%(issued)s of %(total)s learners have a certificate.")
        % {"issued": report["issued"] + report["held"], "total": report["learners"]}
    )


def worker_config() -> dict:
    """What a rendering process needs to build its own app."""
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
    return config


def fail(message: str) -> NoReturn:
    """Say what went wrong and exit with status 1."""
    click.echo(message, err=True)
    sys.exit(1)
