"""Key performance indicators of one run."""

from __future__ import annotations

from typing import Any

from portfolio.simulator.domain.company.model import Company
from portfolio.simulator.domain.engine.run_state import RunState
from portfolio.simulator.domain.order.model import totals
from portfolio.simulator.domain.scenarios.model import Scenario
from portfolio.simulator.domain.scoring.marking import score_run


def run_kpis(company: Company, scenario: Scenario, state: RunState) -> dict[str, Any]:
    """First-time-right, errors, handling time, follow-up timeliness, value."""
    score = score_run(company, scenario, state)
    mp1 = next(c for c in score.criteria if c.code == "MP1")
    converted = state.submitted is not None
    value = totals(company, state.submitted.lines).gross if state.submitted else None
    return {
        "converted": converted,
        "first_time_right": converted and mp1.met,
        "errors": sum(1 for f in mp1.findings if f.severity == "fail"),
        "handling_minutes": state.submitted_at if converted else state.clock,
        "follow_up_timeliness": _timeliness(state),
        "order_value": str(value) if value is not None else "0.00",
        "competent": score.competent,
        "actions": len(state.log),
        "refused_actions": score.refused_actions,
        "noise_questions": sum(1 for q in state.questions if not q.relevant),
    }


def _timeliness(state: RunState) -> float | None:
    """Share of events needing follow-up that were followed up within the time limit."""
    needed = [e for e in state.events if e.needs_follow_up]
    if not needed:
        return None
    on_time = sum(
        1
        for e in needed
        if any(f.seq > e.seq and f.at - e.at <= e.sla_minutes for f in state.follow_ups)
    )
    return round(on_time / len(needed), 2)
