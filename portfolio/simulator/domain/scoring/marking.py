"""Scoring a run against the examiner's marking points MP1-MP4."""

from __future__ import annotations

from portfolio.simulator.domain.company.model import Company
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.run_state import RunState
from portfolio.simulator.domain.scenarios.model import Scenario
from portfolio.simulator.domain.scoring.checks.entry import (
    check_confirmation,
    check_entry,
)
from portfolio.simulator.domain.scoring.checks.follow_up import check_follow_up
from portfolio.simulator.domain.scoring.checks.procedure import (
    bypass_attempt,
    check_procedure,
)
from portfolio.simulator.domain.scoring.earned import credit_earned
from portfolio.simulator.domain.scoring.findings import (
    CRITERIA,
    MISTAKES,
    CriterionResult,
    Findings,
    Score,
)


def score_run(company: Company, scenario: Scenario, state: RunState) -> Score:
    """Met / not met per marking point, with findings; computable at any time."""
    found = Findings(Ctx(company, scenario), state)
    check_entry(found)
    check_confirmation(found)
    check_follow_up(found)
    check_procedure(found)
    credit_earned(found)
    order = {"MP1": 0, "MP2": 1, "MP3": 2, "MP4": 3}
    items = sorted(found.items, key=lambda x: (order[x.criterion], x.seq or 0, x.rule))
    criteria = tuple(
        CriterionResult(
            code,
            title,
            not any(x.severity == "fail" for x in items if x.criterion == code),
            tuple(x for x in items if x.criterion == code),
            tuple(sorted(found.earned.get(code, ()))),
        )
        for code, title in CRITERIA.items()
    )
    # A coaching note (an error the customer caught) is not a mistake found.
    mistakes = {
        m: any(x.mistake == m and x.severity == "fail" for x in items) for m in MISTAKES
    }
    refused = sum(1 for e in state.log if bypass_attempt(e))
    return Score(criteria, mistakes, refused, state.mode.value)
