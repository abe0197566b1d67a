"""Units and criteria as rows."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.extensions import Model
from portfolio.framework.domain.spec import CriterionSpec
from portfolio.framework.domain.vocabulary import CriterionKind, OrderType


class Unit(Model):
    """A qualification unit, e.g. handling sales orders."""

    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    sufficiency: Mapped[str] = mapped_column(Text, default="{}")
    # The awarding body's references, printed on the export's cover.
    reference: Mapped[str] = mapped_column(String(40), default="", server_default="")
    qualification_title: Mapped[str] = mapped_column(
        String(200), default="", server_default=""
    )
    qualification_reference: Mapped[str] = mapped_column(
        String(40), default="", server_default=""
    )
    awarding_body: Mapped[str] = mapped_column(
        String(120), default="", server_default=""
    )
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="unit", order_by="Criterion.order", cascade="all, delete-orphan"
    )


class Criterion(Model):
    """One assessable criterion of a unit."""

    __tablename__ = "criterion"
    __table_args__ = (UniqueConstraint("unit_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    order: Mapped[int] = mapped_column(default=0)
    order_type: Mapped[str | None] = mapped_column(String(20))
    unit: Mapped[Unit] = relationship(back_populates="criteria")

    @property
    def spec(self) -> CriterionSpec:
        """The criterion as the domain rules read it (the framework file's shape)."""
        return CriterionSpec(
            code=self.code,
            kind=CriterionKind(self.kind),
            text=self.text,
            guidance=self.guidance,
            order=self.order,
            order_type=OrderType(self.order_type) if self.order_type else None,
        )
