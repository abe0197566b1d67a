"""Command-line interface: `flask --app portfolio <command>`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portfolio.extensions import db


def _seeds_dir() -> Path:
    """Where the YAML seed files live."""
    return Path(current_app.config["SEEDS_DIR"])


@click.command("seed")
@with_appcontext
@click.option(
    "--framework",
    "framework_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Framework YAML (default seeds/framework.yaml).",
)
def seed_command(framework_file: Path | None) -> None:
    """Load the criteria framework and simulator content from seeds/ (idempotent)."""
    from portfolio.framework.services import load_framework
    from portfolio.framework.spec import FrameworkError
    from portfolio.seeding import load_extra_seeds
    from portfolio.simulator.content import ContentError

    path = framework_file or _seeds_dir() / "framework.yaml"
    try:
        changed = load_framework(db.session, path)
        changed += load_extra_seeds(db.session, _seeds_dir())
    except (FrameworkError, ContentError) as exc:
        db.session.rollback()
        click.echo(f"Seed failed, nothing written: {exc}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Seeds loaded: {changed} row(s) changed.")


@click.command("demo")
@with_appcontext
@click.option("--seed", "seed", default=1, show_default=True, type=int)
def demo_command(seed: int) -> None:
    """Create the demo cohort and one or more users per role."""
    from portfolio.demo import DEMO_PASSWORD, load_demo, load_demo_portfolio

    logins = load_demo(db.session, seed)
    created = load_demo_portfolio(db.session, current_app.config["PUBLIC_BASE_URL"])
    db.session.commit()
    if created:
        click.echo(
            f"Demo portfolio: {created} evidence item(s) for learner@example.com."
        )
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD})")
    for login in logins:
        click.echo(f"  {login.email:<26} {', '.join(login.roles):<12} {login.name}")


@click.command("audit-verify")
@with_appcontext
def audit_verify_command() -> None:
    """Recompute the audit hash chain; exit 1 naming the first broken row."""
    from portfolio.audit.services import verify_chain

    broken = verify_chain(db.session)
    if broken is not None:
        click.echo(f"Audit chain BROKEN at row {broken.id}: {broken.reason}", err=True)
        sys.exit(1)
    click.echo("Audit chain intact.")


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
    from portfolio.auth.services import create_user
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


@click.command("create-token")
@with_appcontext
@click.argument("email")
@click.option("--name", default="cli", show_default=True)
def create_token_command(email: str, name: str) -> None:
    """Create a personal API token for a user and print it once."""
    from portfolio.api.services import create_token
    from portfolio.auth.services import find_user_by_email

    user = find_user_by_email(db.session, email)
    if user is None:
        click.echo(f"No user {email}.", err=True)
        sys.exit(1)
    _, plain = create_token(db.session, user, name)
    db.session.commit()
    click.echo(plain)


COMMANDS = (
    seed_command,
    demo_command,
    audit_verify_command,
    create_user_command,
    create_token_command,
)


def init_app(app: Flask) -> None:
    """Register the commands."""
    from portfolio.exports.cli import export_pdf_command

    for command in (*COMMANDS, export_pdf_command):
        app.cli.add_command(command)
