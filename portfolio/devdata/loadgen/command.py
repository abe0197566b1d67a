"""`flask loadgen`: a large provider's deterministic volume data (a devdata plugin)."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import with_appcontext
from sqlalchemy import text

from portfolio.extensions import db


@click.command("loadgen")
@with_appcontext
@click.option("--learners", default=1000, show_default=True)
@click.option("--cohorts", default=40, show_default=True)
@click.option("--assessors", default=25, show_default=True)
@click.option("--iqas", default=5, show_default=True)
@click.option("--runs", default=5000, show_default=True)
@click.option("--actions", default=50000, show_default=True)
@click.option("--evidence", default=20000, show_default=True)
@click.option("--testimonies", default=3000, show_default=True)
@click.option("--seed", default=1, show_default=True)
def loadgen_command(**counts: int) -> None:
    """Bulk-insert learners, runs, evidence, decisions, testimonies and audit rows."""
    from portfolio.devdata.loadgen.generate import generate
    from portfolio.devdata.loadgen.spec import DOMAIN, PASSWORD, LoadSpec
    from portfolio.errors import DomainError

    spec = LoadSpec(**counts)
    started = time.perf_counter()
    try:
        made = generate(db.session, spec, click.echo)
    except DomainError as exc:
        db.session.rollback()
        click.echo(f"loadgen refused, nothing written: {exc}", err=True)
        sys.exit(1)
    db.session.commit()
    _analyze()
    click.echo(
        f"Load data in {time.perf_counter() - started:.1f} s: "
        f"{spec.learners} learners, "
        f"{made['runs']} runs, {spec.actions} actions, {made['items']} evidence items "
        f"({made['claims']} claims, {made['decisions']} decisions), "
        f"{made['testimonies']} testimonies ({made['signed']} signed), "
        f"{made['audit_events']} audit events."
    )
    click.echo(
        f"Sign in as learner0001@{DOMAIN}, assessor01@{DOMAIN}, iqa1@{DOMAIN} "
        f"or admin1@{DOMAIN} with the password {PASSWORD}."
    )


def _analyze() -> None:
    """Refresh the planner's statistics after the bulk load.

    Autovacuum analyses new tables only after a while; until then PostgreSQL plans
    every query for empty tables (nested loops over "2 rows" that hold thousands),
    and the pages measured right after loadgen run on those plans.
    """
    with db.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
