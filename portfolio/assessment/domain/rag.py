"""Red, amber or green: a learner's progress against their planned dates."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class Rag(StrEnum):
    """Status against plan."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def label(self) -> str:
        """The status as a person reads it."""
        return RAG_LABELS[self]


RAG_LABELS = {Rag.GREEN: "On track", Rag.AMBER: "Slightly behind", Rag.RED: "Behind"}


def rag_status(
    fraction: float, start: date | None, planned_end: date | None, today: date
) -> Rag:
    """Compare achieved share with the share of planned time used.

    Green when within 10 points of plan, amber within 25, else red; past the planned
    end date anything unfinished is red. Without dates, progress alone decides.
    """
    if fraction >= 1:
        return Rag.GREEN
    if planned_end is not None and today > planned_end:
        return Rag.RED
    if start is None or planned_end is None or planned_end <= start:
        expected = 0.0
    else:
        elapsed = (today - start).days / (planned_end - start).days
        expected = min(1.0, max(0.0, elapsed))
    gap = expected - fraction
    if gap <= 0.10:
        return Rag.GREEN
    if gap <= 0.25:
        return Rag.AMBER
    return Rag.RED
