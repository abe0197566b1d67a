"""Export use cases: start, run, find, list and verify portfolio exports."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.auth import scopes
from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.errors import NotFoundError, ValidationError
from portfolio.exports.builder import build_report
from portfolio.exports.models import ExportStatus, PortfolioExport
from portfolio.pdf.pipeline import BuildResult, Settings, build_pdf
from portfolio.core.time import utcnow

__all__ = ["build_report", "start_export", "run_export", "get_export", "verify_sha"]
SHA_RE = re.compile(r"^[0-9a-f]{64}$")


def start_export(session: Session, learner_id: int, *, actor: User) -> PortfolioExport:
    """Record a queued export of a learner's portfolio (the job renders it)."""
    if not scopes.can_export_portfolio(session, actor, learner_id):
        raise NotFoundError(f"learner {learner_id}")
    export = PortfolioExport(learner_id=learner_id, requested_by_id=actor.id)
    session.add(export)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="export.requested",
        object_type="portfolio_export",
        object_id=export.public_id,
        learner_id=learner_id,
    )
    return export


def get_export(session: Session, public_id: str, *, actor: User) -> PortfolioExport:
    """An export the actor may see, else NotFoundError."""
    export = session.scalar(
        select(PortfolioExport).where(PortfolioExport.public_id == public_id)
    )
    if export is None or not scopes.can_export_portfolio(
        session, actor, export.learner_id
    ):
        raise NotFoundError(f"export {public_id}")
    return export


def list_exports(session: Session, learner_id: int, *, actor: User) -> list:
    """The newest exports of one learner's portfolio."""
    if not scopes.can_export_portfolio(session, actor, learner_id):
        raise NotFoundError(f"learner {learner_id}")
    stmt = (
        select(PortfolioExport)
        .where(PortfolioExport.learner_id == learner_id)
        .order_by(PortfolioExport.id.desc())
        .limit(20)
    )
    return list(session.scalars(stmt))


def export_path(storage_dir: str | Path, export: PortfolioExport) -> Path:
    """Where the export's file lives."""
    return Path(storage_dir).resolve() / "exports" / f"{export.public_id}.pdf"


def settings_for(config: dict[str, Any]) -> Settings:
    """Pipeline settings from the app configuration."""
    storage = Path(config["STORAGE_DIR"]).resolve()
    cache = config.get("PDF_CACHE_DIR") or storage / "pdf-cache"
    return Settings(
        storage_root=storage,
        cache_dir=Path(cache),
        verify_url=config["PUBLIC_BASE_URL"].rstrip("/") + "/verify",
        workers=_workers(config.get("PDF_WORKERS")),
    )


def _workers(value: Any) -> int | None:
    """PDF_WORKERS as a number (None: one per core)."""
    return None if value in (None, "") else int(value)


def run_export(
    session: Session,
    export: PortfolioExport,
    *,
    config: dict[str, Any],
    progress: Callable[[int], None],
) -> BuildResult:
    """Render the export's file and record its fingerprint (the caller commits)."""
    actor = export.requested_by or export.learner
    settings = settings_for(config)
    report = build_report(
        session,
        export.learner_id,
        actor=actor,
        storage_root=settings.storage_root,
        centre=config["CENTRE_NAME"],
    )
    out = export_path(config["STORAGE_DIR"], export)
    result = build_pdf(
        report,
        export_id=export.public_id,
        out_path=out,
        settings=settings,
        progress=progress,
    )
    export.status = ExportStatus.DONE
    export.progress = 100
    export.sha256 = result.sha256
    export.file_path = f"exports/{out.name}"
    export.page_count = result.pages
    export.size_bytes = result.size
    export.finished_at = utcnow()
    record_event(
        session,
        actor=actor,
        action="export.completed",
        object_type="portfolio_export",
        object_id=export.public_id,
        learner_id=export.learner_id,
        details={"sha256": result.sha256, "pages": result.pages},
    )
    session.flush()
    return result


def fail_export(session: Session, export: PortfolioExport, message: str) -> None:
    """Mark an export failed with a safe message."""
    export.status = ExportStatus.FAILED
    export.error = message[:500]
    export.finished_at = utcnow()
    record_event(
        session,
        actor=None,
        action="export.failed",
        object_type="portfolio_export",
        object_id=export.public_id,
        learner_id=export.learner_id,
    )
    session.flush()


def normalise_sha(value: str | None) -> str:
    """A lower-case SHA-256 hex digest, or ValidationError naming the field."""
    text = (value or "").strip().lower()
    if not SHA_RE.fullmatch(text):
        raise ValidationError(
            "Enter a SHA-256 fingerprint: 64 characters, 0-9 and a-f.", "sha256"
        )
    return text


def sha256_of(stream: Any) -> str:
    """SHA-256 of a file-like object, read in chunks."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def verify_sha(session: Session, sha256: str) -> PortfolioExport | None:
    """The finished export whose file has this SHA-256, if any (public check)."""
    return session.scalar(
        select(PortfolioExport).where(
            PortfolioExport.sha256 == sha256,
            PortfolioExport.status == ExportStatus.DONE,
        )
    )
