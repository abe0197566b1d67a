"""`flask demo`: the demo cohort and portfolio (a devdata plugin command)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portfolio.extensions import db


@click.command("demo")
@with_appcontext
@click.option("--seed", "seed", default=1, show_default=True, type=int)
def demo_command(seed: int) -> None:
    """Create the demo cohort and one or more users per role."""
    from portfolio.devdata.demo import DEMO_PASSWORD, load_demo, load_demo_portfolio
    from portfolio.devdata.demo_centre import demo_links, load_demo_centre

    logins = load_demo(db.session, seed)
    created = load_demo_portfolio(db.session, current_app.config["PUBLIC_BASE_URL"])
    centre = load_demo_centre(db.session, seed, demo_links(current_app.config))
    db.session.commit()
    if created:
        click.echo(
            f"Demo portfolio: {created} evidence item(s) for learner@example.com."
        )
    if centre:
        click.echo(f"Demo centre: {centre} more learners at every stage.")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD})")
    for login in logins:
        click.echo(f"  {login.email:<26} {', '.join(login.roles):<12} {login.name}")
