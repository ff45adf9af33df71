"""`flask quizzes grant`: extra attempts for a learner who has none left."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import lazy_gettext as _l

from mooc.accounts.queries import find_user
from mooc.quizzes import queries, services
from mooc.quizzes.errors import QuizError

quizzes_cli = click.Group("quizzes", help=str(_l("Quiz attempts.")))


@quizzes_cli.command("grant")
@click.argument("email")
@click.argument("course")
@click.argument("quiz")
@click.option("--extra", type=click.IntRange(1, 10), default=1, show_default=True)
@click.option("--reason", required=True, help="Why; recorded with the grant.")
@click.option("--by", "by_email", default=None, help="The admin or trainer granting them.")
@with_appcontext
def grant_command(email: str, course: str, quiz: str, extra: int, reason: str, by_email):
    """Give the learner EMAIL extra attempts at the quiz QUIZ of the course COURSE."""
    learner = find_user(email)
    lesson = queries.quiz_named(course, quiz)
    granter = find_user(by_email) if by_email else None
    if learner is None or lesson is None or (by_email and granter is None):
        click.echo("No such learner, quiz or granter.", err=True)
        raise SystemExit(1)
    try:
        services.grant_attempts(granter, learner.id, lesson, extra, reason)
    except QuizError as error:
        click.echo(str(error.message), err=True)
        raise SystemExit(1) from None
    click.echo(f"{learner.email}: {extra} more attempt(s) at {course}/{quiz}.")
