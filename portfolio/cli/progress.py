"""`flask progress rebuild`: recompute every learner's progress summary row."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portfolio.assessment import services as assessment
from portfolio.core import pagecache
from portfolio.extensions import db


@click.group("progress")
def progress_group() -> None:
    """The per-learner progress rows the caseload and dashboards read."""


@progress_group.command("rebuild")
@with_appcontext
@click.option("--batch", default=500, show_default=True, help="Learners per commit.")
def rebuild_command(batch: int) -> None:
    """Recompute every enrolled learner's row from their evidence and audit trail."""
    click.echo(f"Rebuilt the progress of {rebuild_all(batch)} learner(s).")


def rebuild_all(batch: int = 500) -> int:
    """Recompute every enrolled learner's row, committing after each batch.

    Each batch commits on its own so that the learners it locks are released
    before the next (the writes of running requests wait at most one batch).
    Pages cached from the old rows are invalidated at the end.
    """
    rules = assessment.current_rules(db.session)
    done = 0
    for ids in list(assessment.enrolled_batches(db.session, batch)):
        assessment.recompute_progress(db.session, ids, rules)
        db.session.commit()
        done += len(ids)
    pagecache.bump_all(current_app._get_current_object())  # type: ignore[attr-defined]
    return done
