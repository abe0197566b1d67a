"""`flask reconcile`: clean up after killed processes (run at start-up, or by hand)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portfolio.extensions import db


def run_reconciliation(app: Flask, *, storage: bool = True) -> list[str]:
    """One committed reconciliation pass inside ``app``; its summary lines."""
    from portfolio.backup.reconcile import reconcile
    from portfolio.evidence.services.storage import storage_for

    with app.app_context():
        cfg = app.config
        done = reconcile(
            db.session,
            storage_for(cfg) if storage else None,
            grace=timedelta(seconds=float(cfg.get("RECONCILE_GRACE_SECONDS", 3600))),
            stale_after=timedelta(
                seconds=float(
                    cfg.get("EXPORT_STALE_SECONDS") or int(cfg["EXPORT_TIMEOUT"]) + 60
                )
            ),
        )
        db.session.commit()
        db.session.remove()
    return done.lines()


@click.command("reconcile")
@with_appcontext
def reconcile_command() -> None:
    """Fail interrupted exports, quarantine orphan files, remove stale temp files."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    for line in run_reconciliation(app):
        click.echo(line)
