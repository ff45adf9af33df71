"""`flask users create`, `flask users role` and `flask users cities`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from mooc.accounts import schemas, services
from mooc.accounts.models import ROLES

users_cli = click.Group("users", help=str(_l("Manage user accounts.")))


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@click.option("--language", default="en", show_default=True)
@click.password_option(help="Asked for when not given.")
@with_appcontext
def create_command(email: str, display_name: str, role: str, language: str, password: str):
    """Create an account with a role (learner, trainer, author, admin)."""
    try:
        data = schemas.UserCreateSchema().load(
            {
                "email": email,
                "display_name": display_name,
                "role": role,
                "language": language,
                "password": password,
            }
        )
        user = services.register(**data)
    except ValidationError as error:
        for field, problems in error.messages.items():
            click.echo(f"{field}: {' '.join(str(p) for p in problems)}", err=True)
        raise SystemExit(1) from None
    except services.AccountError:
        click.echo(gettext("An account with this email already exists."), err=True)
        raise SystemExit(1) from None
    click.echo(
        gettext("Created %(role)s account %(email)s.") % {"role": user.role, "email": user.email}
    )


@users_cli.command("role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@with_appcontext
def role_command(email: str, role: str) -> None:
    """Give the account EMAIL another ROLE (for example: trainer)."""
    try:
        user = services.set_role(email, role)
    except services.AccountError:
        click.echo(gettext("No account has this email."), err=True)
        raise SystemExit(1) from None
    click.echo(gettext("%(email)s is now %(role)s.") % {"email": user.email, "role": user.role})


@users_cli.command("cities")
@click.argument("email")
@click.argument("cities", nargs=-1)
@with_appcontext
def cities_command(email: str, cities: tuple[str, ...]) -> None:
    """Attach the trainer EMAIL to member CITIES (their numbers or names; none: detach her
    from every city). She creates cohorts for these cities only."""
    from sqlalchemy import func, select

    from mooc.accounts.queries import trainer_cities
    from mooc.cities.models import MemberCity
    from mooc.extensions import db

    ids = []
    for given in cities:
        if given.isascii() and given.isdigit():
            ids.append(int(given))
            continue
        found = list(
            db.session.scalars(
                select(MemberCity.id).where(func.lower(MemberCity.name) == given.lower())
            )
        )
        if len(found) != 1:
            click.echo(
                gettext("No single member city is called '%(name)s'.") % {"name": given}, err=True
            )
            raise SystemExit(1)
        ids.append(found[0])
    try:
        user = services.set_trainer_cities(email, ids)
    except services.AccountError as error:
        click.echo(error.message, err=True)
        raise SystemExit(1) from None
    names = ", ".join(city.name for city in trainer_cities(user.id)) or "-"
    click.echo(gettext("%(email)s works for: %(cities)s") % {"email": user.email, "cities": names})
