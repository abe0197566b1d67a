"""A recorded portfolio export (who asked, how far it got, the file's SHA-256).

And the time-limited links that let an external quality assurer download its
EQA pack.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.extensions import Model


class ExportStatus(StrEnum):
    """Where an export job is."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def _public_id() -> str:
    return str(uuid.uuid4())


class PortfolioExport(Model):
    """One export of one learner's portfolio (the id is printed on every page)."""

    __tablename__ = "portfolio_export"
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=_public_id)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(20), default=ExportStatus.QUEUED)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    # The learner's own export with their drafts, watermarked "not for assessment".
    include_drafts: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="0"
    )
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    # Signed (PAdES) with the centre's certificate as the file's last change.
    signed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    file_path: Mapped[str | None] = mapped_column(String(255))
    page_count: Mapped[int | None] = mapped_column(Integer)
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Who runs it ("host:pid") and when it last reported: start-up reconciliation
    # fails an export whose runner died, so it never stays "running".
    runner: Mapped[str | None] = mapped_column(String(120))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])

    @property
    def is_finished(self) -> bool:
        """Done or failed: nothing more will happen."""
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)


class ExportShareLink(Model):
    """A time-limited link to an export's EQA pack, sent to an external assessor.

    Only the SHA-256 of the link's token is stored, so a database reader cannot
    use the link; every download is audited.
    """

    __tablename__ = "export_share_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[int] = mapped_column(
        ForeignKey("portfolio_export.id", ondelete="CASCADE"), index=True
    )
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    recipient_email: Mapped[str] = mapped_column(String(254))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    downloads: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    export: Mapped[PortfolioExport] = relationship()
