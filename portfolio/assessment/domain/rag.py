"""Red, amber or green: criteria met against the criteria a learner's plan expects.

The plan runs in a straight line from the start date (no criteria expected) to the
planned end date (every criterion expected). A cohort sets how many criteria behind
turns a learner amber and red; docs/rag.md explains the rule to staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from portfolio.errors import ValidationError


class Rag(StrEnum):
    """Status against plan."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def label(self) -> str:
        """The status as a person reads it."""
        return RAG_LABELS[self]


# Evidence waiting longer than this for a decision is overdue.
TURNAROUND_DAYS = 7

RAG_LABELS = {Rag.GREEN: "On track", Rag.AMBER: "Slightly behind", Rag.RED: "Behind"}


@dataclass(frozen=True)
class Thresholds:
    """How many criteria behind plan turn a learner amber, and red."""

    amber_behind: int = 2
    red_behind: int = 4


DEFAULT_THRESHOLDS = Thresholds()


def check_thresholds(amber_behind: int, red_behind: int) -> Thresholds:
    """Thresholds a cohort may use: amber from 1 criterion behind, red further on."""
    if amber_behind < 1:
        raise ValidationError(
            "Amber must start at 1 criterion behind or more.", "amber_behind"
        )
    if red_behind <= amber_behind:
        raise ValidationError("Red must start further behind than amber.", "red_behind")
    return Thresholds(amber_behind, red_behind)


@dataclass(frozen=True)
class PlanStatus:
    """Where a learner stands: criteria met, criteria expected by today, the RAG."""

    met: int
    expected: int
    total: int
    rag: Rag

    @property
    def behind(self) -> int:
        """Criteria behind plan (0 when on or ahead of plan)."""
        return max(0, self.expected - self.met)


def expected_met(total: int, start: date | None, end: date | None, today: date) -> int:
    """Criteria the plan expects met by ``today`` (whole criteria, rounded down)."""
    if start is None or end is None or end <= start:
        return 0
    share = min(1.0, max(0.0, (today - start).days / (end - start).days))
    return int(total * share)


def plan_status(
    met: int,
    total: int,
    start: date | None,
    end: date | None,
    today: date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> PlanStatus:
    """The learner's RAG: green when everything is met or fewer than amber behind.

    Past the planned end date anything unfinished is red. Without dates nothing is
    expected, so the learner is green.
    """
    expected = expected_met(total, start, end, today)
    behind = max(0, expected - met)
    if total and met >= total:
        rag = Rag.GREEN
    elif end is not None and today > end:
        rag = Rag.RED
    elif behind >= thresholds.red_behind:
        rag = Rag.RED
    elif behind >= thresholds.amber_behind:
        rag = Rag.AMBER
    else:
        rag = Rag.GREEN
    return PlanStatus(met, expected, total, rag)
