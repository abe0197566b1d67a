"""Simulator rows: seeded company content, runs, their action logs, practice tasks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.extensions import Model


class SimContent(Model):
    """One seeded document of the simulated company (policy, products, ...)."""

    __tablename__ = "sim_content"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    document: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class PracticeTask(Model):
    """A scenario an assessor set for a learner, e.g. to practise a weakness."""

    __tablename__ = "practice_task"
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    set_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    scenario_type: Mapped[str] = mapped_column(String(20))
    difficulty: Mapped[str] = mapped_column(String(20))
    seed: Mapped[int] = mapped_column(Integer)
    complications: Mapped[str] = mapped_column(Text, default="[]")
    note: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(20), default="assessment")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    set_by: Mapped[User | None] = relationship(foreign_keys=[set_by_id])


class SimulationRun(Model):
    """One learner's attempt at one scenario, with its persisted engine state."""

    __tablename__ = "simulation_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("practice_task.id", ondelete="SET NULL"), index=True
    )
    scenario_type: Mapped[str] = mapped_column(String(20))
    difficulty: Mapped[str] = mapped_column(String(20))
    seed: Mapped[int] = mapped_column(Integer)
    complications: Mapped[str] = mapped_column(Text, default="[]")
    mode: Mapped[str] = mapped_column(String(20), default="practice")
    content_sha: Mapped[str] = mapped_column(String(64))
    scenario: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    order_state: Mapped[str] = mapped_column(String(30), default="received")
    action_count: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[str | None] = mapped_column(Text)
    criteria_met: Mapped[int | None] = mapped_column(Integer)
    all_met: Mapped[bool | None] = mapped_column(Boolean)
    kpis: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    # Written by evidence when the run is added to the portfolio (simulator reads it).
    in_portfolio_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    learner: Mapped[User] = relationship()
    task: Mapped[PracticeTask | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class RunAction(Model):
    """One entry of a run's append-only action log (refused attempts included)."""

    __tablename__ = "simulation_action"
    __table_args__ = (UniqueConstraint("run_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("simulation_run.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    sim_time: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[str] = mapped_column(Text, default="{}")
    accepted: Mapped[bool] = mapped_column(Boolean)
    reasons: Mapped[str] = mapped_column(Text, default="[]")
    warnings: Mapped[str] = mapped_column(Text, default="[]")
    outcome: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
