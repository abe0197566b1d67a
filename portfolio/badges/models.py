"""Issued badge credentials: one per unit sign-off, signed once and kept."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.assessment.models import UnitSignOff
from portfolio.core.time import utcnow
from portfolio.extensions import Model


def _public_id() -> str:
    """A random id for the credential's public address."""
    return str(uuid.uuid4())


class BadgeCredential(Model):
    """A signed OpenBadgeCredential; its status follows the sign-off it rests on."""

    __tablename__ = "badge_credential"
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=_public_id)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    sign_off_id: Mapped[int] = mapped_column(
        ForeignKey("unit_sign_off.id", ondelete="CASCADE"), unique=True
    )
    jwt: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sign_off: Mapped[UnitSignOff] = relationship()
