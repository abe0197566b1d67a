"""Export use cases: start, find, list, run and fail portfolio exports."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from portfolio.audit.services import record_event
from portfolio.auth import scopes
from portfolio.auth.models import Enrolment, User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, NotFoundError
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.domain.verification import verification_url
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services.pipeline import BuildResult, Settings, build_pdf
from portfolio.exports.services.report import build_report
from portfolio.pdf.signing import SigningKey


def start_export(
    session: Session, learner_id: int, *, actor: User, drafts: bool = False
) -> PortfolioExport:
    """Record a queued export (drafts only in a learner's own); the job renders it."""
    if not scopes.can_export_portfolio(session, actor, learner_id):
        raise NotFoundError(f"learner {learner_id}")
    export = PortfolioExport(
        learner_id=learner_id,
        requested_by_id=actor.id,
        include_drafts=drafts and actor.id == learner_id,
    )
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


def list_exports(
    session: Session, learner_id: int, *, actor: User
) -> list[PortfolioExport]:
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


def _production(config: Mapping[str, Any]) -> bool:
    return config.get("ENV_NAME") == "production" and not config.get("TESTING")


def signing_key(config: Mapping[str, Any]) -> SigningKey | None:
    """The centre's signing key; production refuses to export without one."""
    path = config.get("SIGNING_P12_PATH")
    if path and Path(path).is_file():
        return SigningKey(
            str(Path(path).resolve()), config.get("SIGNING_P12_PASSWORD") or ""
        )
    if _production(config):
        raise ConflictError(
            "Exports are switched off: set SIGNING_P12_PATH (and SIGNING_P12_PASSWORD) "
            "to the centre's signing certificate, so every export is signed."
        )
    return None


def settings_for(config: Mapping[str, Any]) -> Settings:
    """Pipeline settings from the app configuration."""
    storage = Path(config["STORAGE_DIR"]).resolve()
    cache = config.get("PDF_CACHE_DIR") or storage / "pdf-cache"
    return Settings(
        storage_root=storage,
        cache_dir=Path(cache),
        verify_url=verification_url(
            config.get("PUBLIC_BASE_URL"), production=_production(config)
        ),
        workers=_workers(config.get("PDF_WORKERS")),
        signing=signing_key(config),
        signer_location=str(config.get("CENTRE_NAME") or ""),
    )


def _workers(value: Any) -> int | None:
    """PDF_WORKERS as a number (None: one per core)."""
    return None if value in (None, "") else int(value)


def run_export(
    session: Session,
    export: PortfolioExport,
    *,
    config: Mapping[str, Any],
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
        drafts=export.include_drafts,
        centre_number=config.get("CENTRE_NUMBER") or "",
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
    export.signed = settings.signing is not None
    export.finished_at = utcnow()
    record_event(
        session,
        actor=actor,
        action="export.completed",
        object_type="portfolio_export",
        object_id=export.public_id,
        learner_id=export.learner_id,
        details={
            "sha256": result.sha256,
            "pages": result.pages,
            "signed": settings.signing is not None,
        },
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


def list_exportable_learners(session: Session, *, actor: User) -> list[User]:
    """The learners whose portfolios ``actor`` may export, by name."""
    visible = scopes.evidence_learner_ids_visible_to(actor)
    stmt = select(User).where(User.id.in_(visible)).order_by(User.display_name)
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class LearnerExports:
    """A learner's recent exports, and whether they are enrolled (can export)."""

    person: User | None
    exports: list[PortfolioExport]
    enrolled: bool


def learner_exports(
    session: Session, learner_id: int, *, actor: User
) -> LearnerExports:
    """The learner's newest exports, if ``actor`` may export their portfolio."""
    exports = list_exports(session, learner_id, actor=actor)
    enrolled = session.scalar(
        select(Enrolment.id).where(Enrolment.learner_id == learner_id)
    )
    return LearnerExports(session.get(User, learner_id), exports, enrolled is not None)
