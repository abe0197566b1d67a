"""Scoring a run against the examiner's marking points MP1-MP4."""

from __future__ import annotations

from portfolio.simulator.domain.checks_entry import check_confirmation, check_entry
from portfolio.simulator.domain.checks_followup import check_follow_up
from portfolio.simulator.domain.checks_procedure import check_procedure
from portfolio.simulator.domain.company import Company
from portfolio.simulator.domain.context import Ctx
from portfolio.simulator.domain.findings import (
    CRITERIA,
    MISTAKES,
    CriterionResult,
    Findings,
    Score,
)
from portfolio.simulator.domain.runstate import RunState
from portfolio.simulator.domain.scenario import Scenario


def score_run(company: Company, scenario: Scenario, state: RunState) -> Score:
    """Met / not met per marking point, with findings; computable at any time."""
    found = Findings(Ctx(company, scenario), state)
    check_entry(found)
    check_confirmation(found)
    check_follow_up(found)
    check_procedure(found)
    order = {"MP1": 0, "MP2": 1, "MP3": 2, "MP4": 3}
    items = sorted(found.items, key=lambda x: (order[x.criterion], x.seq or 0, x.rule))
    criteria = tuple(
        CriterionResult(
            code,
            title,
            not any(x.severity == "fail" for x in items if x.criterion == code),
            tuple(x for x in items if x.criterion == code),
        )
        for code, title in CRITERIA.items()
    )
    mistakes = {m: any(x.mistake == m for x in items) for m in MISTAKES}
    refused = sum(1 for e in state.log if not e.accepted)
    return Score(criteria, mistakes, refused)
