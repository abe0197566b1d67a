"""Scoring credits substance (issue 11): cases reported from real runs."""

from __future__ import annotations

from portfolio.simulator.domain import Action


def test_a_refused_early_submit_is_coaching_not_an_mp2_fail(sim):
    sc = sim.scenario("standard", "easy", 6, ())
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "send_confirmation")
    st = sim.play(sc, [*actions[:i], Action("submit_order"), *actions[i:]])
    assert st.finished
    assert "MP2.submit-unconfirmed" in sim.rules(sc, st, "advice")
    assert sim.met(sc, st)["MP2"]


def test_met_points_name_the_actions_that_earned_them(sim):
    sc = sim.scenario("standard", "easy", 6, ())
    st = sim.play(sc, sim.perfect(sc))
    from portfolio.simulator.domain import score_run

    earned = score_run(sim.company, sc, st).earned_by
    assert st.submitted_seq in earned["MP2"] and earned["MP4"]
    kinds = {st.log[s - 1].kind for s in earned["MP2"]}
    assert kinds == {"send_confirmation", "submit_order"}
