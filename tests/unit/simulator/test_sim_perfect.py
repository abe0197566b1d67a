"""The answer key, played as actions, meets every marking point for 50 seeds per kind."""

from __future__ import annotations

import pytest

from portfolio.simulator.domain import (
    ScenarioSpec,
    apply_action,
    generate_scenario,
    new_run,
    perfect_actions,
    run_kpis,
    score_run,
)

SEEDS = range(50)


@pytest.mark.parametrize("kind", ("standard", "bespoke", "urgent"))
@pytest.mark.parametrize("level", ("easy", "medium", "hard"))
def test_perfect_actions_meet_all_four_marking_points(company, kind, level):
    for seed in SEEDS:
        sc = generate_scenario(company, ScenarioSpec(kind, level, seed))
        st = new_run(company, sc)
        for action in perfect_actions(company, sc):
            result = apply_action(company, sc, st, action)
            assert result.entry.accepted, (sc.id, action, result.entry.reasons)
            st = result.state
        score = score_run(company, sc, st)
        failed = [f.rule for c in score.criteria for f in c.findings]
        assert score.competent and not failed, (sc.id, failed)
        assert st.finished and run_kpis(company, sc, st)["first_time_right"]
