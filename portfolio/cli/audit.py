"""`flask audit-verify`: recompute the audit hash chain."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from portfolio.extensions import db


@click.command("audit-verify")
@with_appcontext
def audit_verify_command() -> None:
    """Recompute the audit hash chain; exit 1 naming the first broken row."""
    from portfolio.audit.services import check_anchor, verify_chain
    from portfolio.evidence.services.signatures import broken_seals

    broken = verify_chain(db.session)
    if broken is not None:
        click.echo(f"Audit chain BROKEN at row {broken.id}: {broken.reason}", err=True)
        sys.exit(1)
    problem = check_anchor(db.session)
    if problem:
        click.echo(f"Audit chain BROKEN: {problem}", err=True)
        sys.exit(1)
    altered = broken_seals(db.session)
    if altered:
        click.echo(f"Signed testimonies ALTERED: {altered}", err=True)
        sys.exit(1)
    click.echo("Audit chain intact.")
