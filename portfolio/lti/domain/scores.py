"""A finished run's marking-point result as an AGS score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portfolio.errors import ConflictError


@dataclass(frozen=True)
class ScoreValue:
    """Marking points met out of those marked."""

    given: int
    maximum: int

    @property
    def percent(self) -> int:
        """The score as a whole percentage (for people)."""
        return round(100 * self.given / self.maximum) if self.maximum else 0


def score_from_run(status: str, score: Mapping[str, Any] | None) -> ScoreValue:
    """The score of a finished run; refuse a run that is not finished or unmarked."""
    if status != "finished" or not score:
        raise ConflictError("The scenario is not finished yet, so there is no score.")
    criteria = score.get("criteria") or {}
    met = sum(1 for c in criteria.values() if c.get("met"))
    if not criteria:
        raise ConflictError("This run has no marking points to report.")
    return ScoreValue(given=met, maximum=len(criteria))
