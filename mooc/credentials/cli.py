"""`flask credentials keygen` and `flask credentials backfill`."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from mooc.credentials import issuer, keys, services

credentials_cli = click.Group(
    "credentials", help=str(_l("The issuer's signing keys and Open Badges credentials."))
)


@credentials_cli.command("keygen")
@click.option("--rotate", is_flag=True, help="Add a new signing key; old public keys stay.")
@with_appcontext
def keygen_command(rotate: bool) -> None:
    """Create the issuer's Ed25519 key (in MOOC_ISSUER_KEY_FILE or instance/), or rotate it."""
    try:
        ring, made = keys.generate(rotate=rotate)
    except keys.KeyFileError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    public = ring.signing["publicKeyMultibase"]
    if made:
        click.echo(
            gettext("New signing key %(key)s in %(file)s.")
            % {"key": public, "file": keys.key_file()}
        )
    else:
        click.echo(
            gettext("The signing key %(key)s exists; use --rotate to replace it.") % {"key": public}
        )
    click.echo(
        gettext("Issuer: %(did)s (%(count)s keys in its DID document).")
        % {"did": issuer.issuer_did(), "count": len(ring.entries)}
    )


@credentials_cli.command("backfill")
@with_appcontext
def backfill_command() -> None:
    """Issue the credentials of certificates issued before certificates carried one."""
    count = services.backfill()
    click.echo(gettext("%(count)s certificates received their credential.") % {"count": count})
