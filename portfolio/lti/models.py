"""LTI tables: platforms, linked accounts, launch state, course activities."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.extensions import Model
from portfolio.simulator.models import SimulationRun


class LtiPlatform(Model):
    """An LMS registered by an administrator; launches from anything else fail."""

    __tablename__ = "lti_platform"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    auth_login_url: Mapped[str] = mapped_column(String(500))
    auth_token_url: Mapped[str] = mapped_column(String(500))
    key_set_url: Mapped[str] = mapped_column(String(500))
    # One deployment id a line: a launch must name one of them.
    deployment_ids: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )

    @property
    def deployments(self) -> tuple[str, ...]:
        """The deployment ids as a tuple."""
        return tuple(d for d in self.deployment_ids.splitlines() if d)


class LtiAccount(Model):
    """A platform's user (its ``sub``) linked to one portfolio account."""

    __tablename__ = "lti_account"
    __table_args__ = (UniqueConstraint("platform_id", "subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(
        ForeignKey("lti_platform.id", ondelete="CASCADE")
    )
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    last_launch_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    platform: Mapped[LtiPlatform] = relationship()
    user: Mapped[User] = relationship()


class LtiLaunchValue(Model):
    """Launch state kept on the server (nonces, launch data): no cookie needed."""

    __tablename__ = "lti_launch_value"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class LtiActivity(Model):
    """A course item a learner launched: its scenario, run and score destination."""

    __tablename__ = "lti_activity"
    __table_args__ = (UniqueConstraint("account_id", "resource_link_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("lti_account.id", ondelete="CASCADE")
    )
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    deployment_id: Mapped[str] = mapped_column(String(255))
    resource_link_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255))
    scenario_type: Mapped[str] = mapped_column(String(20))
    difficulty: Mapped[str] = mapped_column(String(20))
    # The Assignment and Grade Services claim: scopes (JSON) and line item URLs.
    ags_scopes: Mapped[str] = mapped_column(Text, default="[]")
    lineitem_url: Mapped[str | None] = mapped_column(String(500))
    lineitems_url: Mapped[str | None] = mapped_column(String(500))
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("simulation_run.id", ondelete="SET NULL"), index=True
    )
    score_given: Mapped[int | None] = mapped_column(Integer)
    score_maximum: Mapped[int | None] = mapped_column(Integer)
    score_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    account: Mapped[LtiAccount] = relationship()
    run: Mapped[SimulationRun | None] = relationship()
