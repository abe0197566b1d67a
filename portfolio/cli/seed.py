"""`flask seed`: load the framework and simulator content from seeds/."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
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
    from portfolio.framework.domain.spec import FrameworkError
    from portfolio.framework.services import load_framework
    from portfolio.simulator.services.content import ContentError, load_content

    path = framework_file or _seeds_dir() / "framework.yaml"
    try:
        changed = load_framework(db.session, path)
        changed += load_content(db.session, _seeds_dir())
    except (FrameworkError, ContentError) as exc:
        db.session.rollback()
        click.echo(f"Seed failed, nothing written: {exc}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Seeds loaded: {changed} row(s) changed.")
