"""What an instructor can place in a course: one simulator scenario per item.

Each activity is a type of sales order at a difficulty. Deep linking writes them
into the course as LTI resource links whose custom parameters name both, so a
later launch knows which scenario to start.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain.scenarios.model import Difficulty


@dataclass(frozen=True)
class Activity:
    """A scenario type at a difficulty, as a course item."""

    scenario_type: str
    difficulty: str

    @property
    def key(self) -> str:
        """The form value that chooses this activity: ``type:difficulty``."""
        return f"{self.scenario_type}:{self.difficulty}"

    @property
    def title(self) -> str:
        """The item's title in the course."""
        return (
            f"{OrderType(self.scenario_type).label} sales order "
            f"({self.difficulty}) - simulator"
        )

    def custom(self) -> dict[str, str]:
        """The custom parameters the platform sends back on every launch."""
        return {"scenario_type": self.scenario_type, "difficulty": self.difficulty}


ACTIVITIES: tuple[Activity, ...] = tuple(
    Activity(t.value, d.value) for t in OrderType for d in Difficulty
)
_BY_KEY = {a.key: a for a in ACTIVITIES}


def find_activity(key: str) -> Activity | None:
    """The activity a form value names, if any."""
    return _BY_KEY.get(key)


def activity_from_custom(custom: Mapping[str, Any] | None) -> Activity | None:
    """The activity a launch's custom parameters name, if they name a known one."""
    if not isinstance(custom, Mapping):
        return None
    key = f"{custom.get('scenario_type')}:{custom.get('difficulty')}"
    return _BY_KEY.get(key)
