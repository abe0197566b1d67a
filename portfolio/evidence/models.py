"""Evidence rows: items, their immutable versions, criterion claims, testimonies."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.errors import ConflictError
from portfolio.evidence.domain.signing import SIGNED_FIELDS, TestimonyState
from portfolio.evidence.domain.versions import LOCKED_FIELDS
from portfolio.evidence.domain.workflow import Status
from portfolio.extensions import Model
from portfolio.framework.models import Criterion, Unit


class ImmutableError(ConflictError):
    """Signed or submitted content was about to be changed in place."""


class EvidenceItem(Model):
    """One piece of evidence; its content lives in numbered versions."""

    __tablename__ = "evidence_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT, index=True)
    context: Mapped[str] = mapped_column(String(20))
    order_type: Mapped[str | None] = mapped_column(String(20))
    current_number: Mapped[int] = mapped_column(Integer, default=1)
    # The run's documents are copied into the version, so no foreign key: the
    # evidence stays whole even if the run is deleted.
    sim_run_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}

    learner: Mapped[User] = relationship()
    unit: Mapped[Unit] = relationship()
    versions: Mapped[list[EvidenceVersion]] = relationship(
        back_populates="item",
        order_by="EvidenceVersion.number",
        cascade="all, delete-orphan",
    )
    current: Mapped[EvidenceVersion] = relationship(
        primaryjoin="and_(EvidenceItem.id == foreign(EvidenceVersion.item_id), "
        "EvidenceItem.current_number == foreign(EvidenceVersion.number))",
        viewonly=True,
        uselist=False,
    )
    testimony: Mapped[Testimony | None] = relationship(
        back_populates="item", uselist=False, cascade="all, delete-orphan"
    )


class EvidenceVersion(Model):
    """The content of an item at one point; never changed once submitted."""

    __tablename__ = "evidence_version"
    __table_args__ = (UniqueConstraint("item_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_item.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    evidence_date: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[str | None] = mapped_column(Text)
    file_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    file_name: Mapped[str | None] = mapped_column(String(255))
    media_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None] = mapped_column(Integer)
    pii_findings: Mapped[str | None] = mapped_column(Text)
    redaction_confirmed_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True)
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    item: Mapped[EvidenceItem] = relationship(back_populates="versions")
    claims: Mapped[list[EvidenceClaim]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="EvidenceClaim.id",
    )

    @property
    def structured(self) -> dict[str, Any]:
        """The decoded structured content (reflection prompts, simulator record)."""
        return json.loads(self.data) if self.data else {}

    @property
    def findings(self) -> list[dict[str, Any]]:
        """Personal-data warnings found in the uploaded file's text."""
        return json.loads(self.pii_findings) if self.pii_findings else []


class EvidenceClaim(Model):
    """The learner's claim that a version shows a criterion, with a justification.

    Assessor decisions live in their own table (keyed by version and criterion), so
    the learner's claim is never overwritten by a judgement.
    """

    __tablename__ = "evidence_claim"
    __table_args__ = (UniqueConstraint("version_id", "criterion_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_version.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("criterion.id", ondelete="CASCADE"), index=True
    )
    justification: Mapped[str] = mapped_column(String(300))
    version: Mapped[EvidenceVersion] = relationship(back_populates="claims")
    criterion: Mapped[Criterion] = relationship(lazy="joined")


class Testimony(Model):
    """A witness testimony request and, once signed, its locked signature record."""

    __test__ = False  # not a pytest test class, despite the name
    __tablename__ = "testimony"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_item.id", ondelete="CASCADE"), unique=True
    )
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    witness_name: Mapped[str] = mapped_column(String(120))
    witness_email: Mapped[str] = mapped_column(String(254), index=True)
    witness_job_title: Mapped[str] = mapped_column(String(120))
    relationship_to_learner: Mapped[str] = mapped_column(String(120))
    witnessed: Mapped[str] = mapped_column(Text)
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date] = mapped_column(Date)
    criteria_codes: Mapped[str] = mapped_column(Text, default="[]")
    draft_statement: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(
        String(20), default=TestimonyState.AWAITING, index=True
    )
    requested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    statement: Mapped[str | None] = mapped_column(Text)
    signer_name: Mapped[str | None] = mapped_column(String(120))
    signer_job_title: Mapped[str | None] = mapped_column(String(120))
    declaration: Mapped[str | None] = mapped_column(Text)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signed_ip: Mapped[str | None] = mapped_column(String(64))
    signed_user_agent: Mapped[str | None] = mapped_column(String(255))
    signed_via: Mapped[str | None] = mapped_column(String(10))
    signer_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    seal: Mapped[str | None] = mapped_column(String(64))  # HMAC with SEAL_KEY
    decline_reason: Mapped[str | None] = mapped_column(Text)
    declined_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}

    item: Mapped[EvidenceItem] = relationship(back_populates="testimony")
    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    links: Mapped[list[TestimonyLink]] = relationship(
        back_populates="testimony", cascade="all, delete-orphan"
    )

    @property
    def criteria(self) -> list[str]:
        """The criterion codes the witness is asked to confirm."""
        codes: list[str] = json.loads(self.criteria_codes or "[]")
        return codes

    @property
    def locked(self) -> bool:
        """Signed testimonies never change."""
        return self.state == TestimonyState.SIGNED


class TestimonyLink(Model):
    """The server-side record behind one emailed signing link (single use)."""

    __test__ = False
    __tablename__ = "testimony_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    rid: Mapped[str] = mapped_column(String(64), unique=True)
    testimony_id: Mapped[int] = mapped_column(
        ForeignKey("testimony.id", ondelete="CASCADE"), index=True
    )
    content_sha256: Mapped[str] = mapped_column(String(64))
    signer_email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    testimony: Mapped[Testimony] = relationship(back_populates="links")


def _changed(target: Any, names: tuple[str, ...]) -> list[str]:
    """Names of ``names`` whose value changed in this flush."""
    attrs = inspect(target).attrs
    return [n for n in names if attrs[n].history.has_changes()]


def _stored(conn: Connection, target: Any, column: str) -> Any:
    """The value ``column`` has in the database now (before this UPDATE)."""
    table = type(target).__table__
    return conn.execute(select(table.c[column]).where(table.c.id == target.id)).scalar()


@event.listens_for(Testimony, "before_update")
def _testimony_is_locked(
    _mapper: Mapper[Any], conn: Connection, target: Testimony
) -> None:
    """Refuse any change to a testimony that was already signed (SECURITY #34)."""
    if _changed(target, SIGNED_FIELDS) and _stored(conn, target, "state") == (
        TestimonyState.SIGNED.value
    ):
        raise ImmutableError("A signed testimony cannot be changed.")


@event.listens_for(EvidenceVersion, "before_update")
def _version_is_locked(
    _mapper: Mapper[Any], conn: Connection, target: EvidenceVersion
) -> None:
    """Refuse any change to a version once it has been submitted."""
    if _changed(target, LOCKED_FIELDS) and (
        _stored(conn, target, "submitted_at") is not None
    ):
        raise ImmutableError("Submitted evidence cannot be changed; add a version.")
