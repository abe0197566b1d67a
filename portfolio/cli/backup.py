"""`flask backup -o DIR` and `flask restore DIR`: whole-provider backups."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect

from portfolio.core import pagecache
from portfolio.extensions import db


@click.command("backup")
@with_appcontext
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to create (must not exist, or be empty).",
)
def backup_command(output: Path) -> None:
    """Write a consistent database dump, every stored file and a SHA-256 manifest."""
    from portfolio.backup.services import BackupError, create_backup

    db.session.remove()
    try:
        pulled = _mirror_bucket("down")
        summary = create_backup(db.engine, _storage_dir(), output)
    except BackupError as exc:
        click.echo(f"Backup failed, nothing written: {exc}", err=True)
        sys.exit(1)
    if pulled is not None:
        click.echo(f"Copied {pulled} object(s) from the S3 bucket, each checked.")
    click.echo(
        f"Backup written to {summary.path}: {summary.dialect} database, "
        f"{summary.files} stored file(s), {len(summary.manifest['files'])} "
        "entries in manifest.json."
    )


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(path_type=Path, exists=True))
def restore_command(source: Path) -> None:
    """Restore a backup into an empty database, then verify everything it holds."""
    from portfolio.backup.services import BackupError, restore_backup
    from portfolio.backup.verify import verify_restored
    from portfolio.evidence.services.storage import get_storage

    db.session.remove()
    try:
        summary = restore_backup(db.engine, source, _storage_dir())
    except BackupError as exc:
        click.echo(f"Restore refused: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Restored {summary.dialect} database and {summary.files} file(s).")
    pagecache.bump_all(current_app._get_current_object())  # type: ignore[attr-defined]  # written outside the ORM
    pushed = _mirror_bucket("up")
    if pushed is not None:
        click.echo(f"Uploaded {pushed} file(s) to the S3 bucket.")
    checks = verify_restored(db.session, get_storage(), _storage_dir())
    db.session.remove()
    for check in checks:
        click.echo(check.line())
    if not all(check.ok for check in checks):
        click.echo("Verification FAILED: do not use this restore.", err=True)
        sys.exit(1)
    click.echo("Verification passed.")
    rebuilt = _rebuild_progress()
    if rebuilt is not None:
        click.echo(f"Recomputed the progress rows of {rebuilt} learner(s).")


def _rebuild_progress() -> int | None:
    """Recompute the derived progress rows, if the restored schema has them."""
    from portfolio.cli.progress import rebuild_all
    from portfolio.errors import DomainError

    if not inspect(db.engine).has_table("learner_progress"):
        return None  # a backup from before the table: `flask db upgrade` first
    try:
        return rebuild_all()
    except DomainError:  # no unit loaded: nothing to count against
        db.session.rollback()
        return None
    finally:
        db.session.remove()


def _storage_dir() -> Path:
    """The configured local storage folder."""
    return Path(current_app.config["STORAGE_DIR"]).resolve()


def _mirror_bucket(direction: str) -> int | None:
    """With STORAGE_BACKEND=s3, copy the bucket into STORAGE_DIR or back (else None)."""
    from portfolio.backup.services import NOT_BACKED_UP
    from portfolio.evidence.services.s3_storage import S3Storage
    from portfolio.evidence.services.storage import get_storage

    storage = get_storage()
    if not isinstance(storage, S3Storage):
        return None
    if direction == "down":
        return storage.pull_all(NOT_BACKED_UP | {"quarantine"})
    return storage.push_all(NOT_BACKED_UP | {"keys"})
