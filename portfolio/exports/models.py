"""A recorded portfolio export: who asked, how far it got, and the file's SHA-256."""

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
    file_path: Mapped[str | None] = mapped_column(String(255))
    page_count: Mapped[int | None] = mapped_column(Integer)
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])

    @property
    def is_finished(self) -> bool:
        """Done or failed: nothing more will happen."""
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
