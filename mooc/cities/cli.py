"""`flask cities import`."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from mooc.cities.services import import_cities

cities_cli = click.Group("cities", help=str(_l("Manage UCLG member cities.")))


@cities_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_command(path: str) -> None:
    """Import member cities from a CSV file (name, local_name, country, region)."""
    with open(path, "rb") as handle:
        data = handle.read()

    def progress(rows):
        with click.progressbar(rows, label=gettext("Importing cities")) as bar:
            yield from bar

    report = import_cities(data, progress)
    if report.problems:
        for number, problem in report.problems:
            click.echo(f"{path}:{number}: error: {problem}", err=True)
        click.echo(
            gettext("Nothing was imported: fix the lines above and run the import again."), err=True
        )
        sys.exit(1)
    click.echo(
        gettext("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
    )
