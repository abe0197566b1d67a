"""`flask create-user` and `flask create-token`: accounts from the command line."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from portfolio.extensions import db


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(["learner", "supervisor", "assessor", "iqa", "admin"]),
)
@click.password_option()
def create_user_command(
    email: str, display_name: str, roles: tuple[str, ...], password: str
) -> None:
    """Create an account from the command line (for the first admin)."""
    from portfolio.auth.services.accounts import create_user
    from portfolio.errors import ValidationError

    try:
        create_user(
            db.session,
            email=email,
            display_name=display_name,
            password=password,
            roles=roles,
            centre=current_app.config["CENTRE_NAME"],
        )
    except ValidationError as exc:
        db.session.rollback()
        click.echo(f"Not created: {exc}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Created {email}.")


@click.command("create-admin")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
def create_admin_command(email: str, display_name: str) -> None:
    """Create an admin and print a one-time link through which they set a password."""
    from portfolio.auth.services.first_admin import create_first_admin
    from portfolio.auth.views.reset import setup_links
    from portfolio.errors import ValidationError

    links = setup_links()
    try:
        # url_for needs a request, on a host TRUSTED_HOSTS accepts: the public one.
        base = str(current_app.config["PUBLIC_BASE_URL"])
        with current_app.test_request_context(base_url=base):
            _, url = create_first_admin(
                db.session,
                email=email,
                display_name=display_name,
                centre=current_app.config["CENTRE_NAME"],
                links=links,
            )
    except ValidationError as exc:
        db.session.rollback()
        click.echo(f"Not created: {exc}", err=True)
        sys.exit(1)
    db.session.commit()
    hours = current_app.config["ACCOUNT_SETUP_HOURS"]
    click.echo(f"Created the admin {email}.")
    click.echo(f"Open this link to choose a password (it works once, for {hours} h):")
    click.echo(url)
    click.echo("At the first sign-in they must set up two-step sign-in.")


@click.command("create-token")
@with_appcontext
@click.argument("email")
@click.option("--name", default="cli", show_default=True)
def create_token_command(email: str, name: str) -> None:
    """Create a personal API token for a user and print it once."""
    from portfolio.auth.services.accounts import find_user_by_email
    from portfolio.auth.services.tokens import create_token

    user = find_user_by_email(db.session, email)
    if user is None:
        click.echo(f"No user {email}.", err=True)
        sys.exit(1)
    _, plain = create_token(db.session, user, name)
    db.session.commit()
    click.echo(plain)
