"""Order types: the range of sales orders the unit covers, defined once."""

from __future__ import annotations

from enum import StrEnum


class OrderType(StrEnum):
    """The three kinds of sales order a learner handles."""

    STANDARD = "standard"
    BESPOKE = "bespoke"
    URGENT = "urgent"

    @property
    def label(self) -> str:
        """The type as a person reads it: "Standard", "Bespoke" or "Urgent"."""
        return self.value.capitalize()


ORDER_TYPE_VALUES: tuple[str, ...] = tuple(t.value for t in OrderType)


class CriterionKind(StrEnum):
    """What a criterion asks for: a marking point, knowledge, or a range statement."""

    MARKING_POINT = "marking_point"
    KNOWLEDGE = "knowledge"
    RANGE = "range"

    @property
    def label(self) -> str:
        """The kind as a person reads it."""
        return _CRITERION_KIND_LABELS[self]


_CRITERION_KIND_LABELS = {
    CriterionKind.MARKING_POINT: "Marking point",
    CriterionKind.KNOWLEDGE: "Knowledge",
    CriterionKind.RANGE: "Range",
}
