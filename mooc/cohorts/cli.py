"""`flask cohorts report` and `flask demo seed`."""

from __future__ import annotations

import shutil
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l

from mooc.cohorts.exports import FORMATS

cohorts_cli = click.Group("cohorts", help=str(_l("Cohort reports.")))
demo_cli = click.Group("demo", help=str(_l("Fill a database with demo data.")))


@cohorts_cli.command("report")
@click.argument("cohort_id", type=int)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--language", default=None, help="en, fr or es (default: the shell's language).")
@with_appcontext
def report_command(cohort_id: int, fmt: str, output: str, language: str | None) -> None:
    """Write a cohort's progress report to a file (CSV, XLSX or PDF)."""
    from mooc.cohorts import exports, queries, reports
    from mooc.cohorts.models import Cohort
    from mooc.extensions import db
    from mooc.i18n import cli_locale

    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        click.echo(gettext("No cohort has this number."), err=True)
        sys.exit(1)
    locale = language if language in current_app.config["LANGUAGES"] else None
    locale = locale or cli_locale(tuple(current_app.config["LANGUAGES"]))
    with current_app.test_request_context(), force_locale(locale):
        scope = reports.scope_of(cohort, locale)
        total = queries.member_count(cohort.id)
        with click.progressbar(length=total, label=gettext("Writing the report")) as bar:

            def rows():
                for row in reports.learner_rows(scope):
                    bar.update(1)
                    yield row

            partial = output + ".partial"
            if fmt == "csv":
                with open(partial, "wb") as handle:
                    for chunk in exports.csv_chunks(scope, rows()):
                        handle.write(chunk)
            elif fmt == "xlsx":
                with open(partial, "wb") as handle:
                    exports.write_xlsx(scope, rows(), handle, cohort.name)
            else:
                context = reports.report_context(cohort, scope, locale)
                bar.update(total)
                with open(partial, "wb") as handle:
                    handle.write(exports.pdf_bytes(context))
            shutil.move(partial, output)  # a reader never sees half a report
    click.echo(gettext("Report written to %(path)s.") % {"path": output})


@demo_cli.command("seed")
@click.option("--learners", type=click.IntRange(1, 1_000_000), default=100, show_default=True)
@click.option("--course", "course_slug", default=None, help="Course id (default: the first).")
@click.option("--seed", "seed_value", type=int, default=1, show_default=True)
@click.option(
    "--certificates/--no-certificates",
    default=True,
    help="Issue the certificates of the learners who completed (up to 1,000 learners).",
)
@with_appcontext
def seed_command(
    learners: int, course_slug: str | None, seed_value: int, certificates: bool
) -> None:
    """A demo cohort of LEARNERS synthetic learners with progress (a fifth of them completed
    the course, and hold its certificate), and a demo trainer."""
    from mooc.cohorts.demo import DEMO_PASSWORD, DemoError, seed

    with click.progressbar(length=learners, label=gettext("Creating learners")) as bar:
        try:
            cohort = seed(learners, course_slug, seed_value, bar.update)
        except DemoError:
            click.echo(
                gettext("No course to seed: run 'flask content sync' first, or check the id."),
                err=True,
            )
            sys.exit(1)
    if certificates and learners <= DEMO_CERTIFICATES_UP_TO:
        issue_demo_certificates(cohort)
    click.echo(
        gettext(
            "Cohort %(id)s: %(learners)s learners. Sign in as trainer@demo.example.org "
            "with the password '%(password)s' to see its dashboard."
        )
        % {"id": cohort.id, "learners": learners, "password": DEMO_PASSWORD}
    )


@demo_cli.command("accounts")
@with_appcontext
def accounts_command() -> None:
    """Create a demo admin, trainer and learner (in a demo cohort) and say how to sign in."""
    from mooc.cohorts.demo import DEMO_PASSWORD
    from mooc.cohorts.demo_accounts import ensure_accounts

    base = current_app.config.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    click.echo(f"Sign in at {base}/login with the password '{DEMO_PASSWORD}' as:")
    for role, email in ensure_accounts():
        click.echo(f"  {role:<8} {email}")


DEMO_CERTIFICATES_UP_TO = 1000


def issue_demo_certificates(cohort) -> None:
    """The certificates of the demo learners who completed, through `flask certificates issue`
    (looked up by name: the certificates feature issues them, as for any cohort)."""
    context = click.get_current_context()
    group = current_app.cli.get_command(context, "certificates")
    command = group.get_command(context, "issue") if group is not None else None
    if command is not None:
        context.invoke(command, course_slug=cohort.course.slug, cohort_id=cohort.id)
