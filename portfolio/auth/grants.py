"""Time-limited, read-only access an IQA or admin grants an external assurer (EQA).

Assessment decides the grants; access checks here read only this table, so that
``auth.scopes`` never imports assessment.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.extensions import Model


class AccessGrant(Model):
    """One learner an EQA may read until ``expires_at`` (or until revoked)."""

    __tablename__ = "eqa_grant"
    id: Mapped[int] = mapped_column(primary_key=True)
    grantee_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    granted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    grantee: Mapped[User] = relationship(foreign_keys=[grantee_id], lazy="joined")
    learner: Mapped[User] = relationship(foreign_keys=[learner_id], lazy="joined")
