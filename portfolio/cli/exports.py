"""`flask export-pdf` and `flask export-pack` (learner email, -o FILE) for admins."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from portfolio.auth.models import User, UserRole
from portfolio.core.roles import Role
from portfolio.extensions import db


def _admin(email: str | None) -> User | None:
    """The named account, or the first active administrator."""
    if email:
        return db.session.scalar(select(User).where(User.email == email.lower()))
    stmt = (
        select(User)
        .join(UserRole)
        .where(UserRole.role == Role.ADMIN.value, User.active.is_(True))
        .order_by(User.id)
    )
    return db.session.scalars(stmt).first()


def _finished_export(learner_email: str, as_email: str | None) -> Any:
    """Start and run one export of the learner's portfolio; exit 1 unless it is done."""
    from portfolio.errors import NotFoundError
    from portfolio.exports import services
    from portfolio.exports.domain.status import ExportStatus
    from portfolio.exports.services import jobs

    learner = db.session.scalar(select(User).where(User.email == learner_email.lower()))
    actor = _admin(as_email)
    if learner is None or actor is None:
        click.echo("No such learner, or no administrator to export as.", err=True)
        sys.exit(1)
    try:
        export = services.start_export(db.session, learner.id, actor=actor)
    except NotFoundError:
        click.echo(f"{actor.email} may not export {learner_email}.", err=True)
        sys.exit(1)
    db.session.commit()  # the job runs a committed export (and commits itself)
    jobs.execute(export.id)
    db.session.refresh(export)
    if export.status != ExportStatus.DONE:
        click.echo(f"Export failed: {export.error}", err=True)
        sys.exit(1)
    return export


@click.command("export-pdf")
@with_appcontext
@click.argument("learner_email")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--as", "as_email", default=None, help="Export as this account.")
def export_pdf_command(learner_email: str, output: Path, as_email: str | None) -> None:
    """Export a learner's portfolio to FILE (recorded and verifiable as any export)."""
    from portfolio.exports import services

    export = _finished_export(learner_email, as_email)
    shutil.copyfile(
        services.export_path(current_app.config["STORAGE_DIR"], export), output
    )
    click.echo(f"Wrote {output}: {export.page_count} pages, export {export.public_id}")
    click.echo(f"SHA-256 {export.sha256}")


@click.command("export-pack")
@with_appcontext
@click.argument("learner_email")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--as", "as_email", default=None, help="Export as this account.")
def export_pack_command(learner_email: str, output: Path, as_email: str | None) -> None:
    """Export a learner's portfolio and write its EQA pack (ZIP) to FILE."""
    from portfolio.errors import ConflictError
    from portfolio.exports.services import packs

    export = _finished_export(learner_email, as_email)
    try:
        pack = packs.build_pack(db.session, export, config=current_app.config)
    except ConflictError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    db.session.commit()
    shutil.copyfile(pack, output)
    click.echo(f"Wrote {output}: EQA pack of export {export.public_id}")
