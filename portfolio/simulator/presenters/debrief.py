"""The debrief page: the learner's order, the submitted order and the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portfolio.simulator.services import Debrief
from portfolio.simulator.services.learner_view import (
    order_view,
    sim_clock,
    submitted_view,
)


@dataclass(frozen=True)
class TimelineRow:
    """One action on the debrief timeline, at its simulated time."""

    seq: int
    when: str
    kind: str
    accepted: bool
    reasons: tuple[str, ...]


def debrief_context(debrief: Debrief) -> dict[str, Any]:
    """Everything the debrief template shows besides the forms."""
    loaded = debrief.loaded
    return {
        "run": debrief.run,
        "score": debrief.score,
        "kpis": debrief.kpis,
        "model_answer": debrief.model_answer,
        "order": order_view(loaded.company, loaded.state, loaded.scenario),
        "submitted": submitted_view(loaded),
        "timeline": [
            TimelineRow(
                seq=e.seq,
                when=sim_clock(loaded.scenario, e.sim_time),
                kind=e.kind,
                accepted=e.accepted,
                reasons=e.reasons,
            )
            for e in loaded.state.log
        ],
    }
