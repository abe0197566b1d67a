"""Run modes and consequences: assessment lets mistakes through, practice coaches."""

from __future__ import annotations

from portfolio.simulator.domain import (
    Action,
    OrderState,
    RunMode,
    apply_action,
    new_run,
    score_run,
)
from portfolio.simulator.domain.scoring.satisfaction import consequences, satisfaction


def _play(sim, sc, actions, mode):
    st = new_run(sim.company, sc, mode)
    for a in actions:
        st = apply_action(sim.company, sc, st, a).state
    return st


def test_new_run_records_its_mode(sim):
    sc = sim.scenario("standard", "easy", 5, ())
    assert new_run(sim.company, sc).mode is RunMode.PRACTICE
    st = new_run(sim.company, sc, RunMode.ASSESSMENT)
    assert st.mode is RunMode.ASSESSMENT
    assert type(st).from_dict(st.to_dict()).mode is RunMode.ASSESSMENT
    assert score_run(sim.company, sc, st).to_dict()["mode"] == "assessment"


def test_submit_before_confirming_goes_through_in_assessment_mode(sim):
    sc = sim.scenario("standard", "easy", 6, ())
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "send_confirmation")
    st = _play(sim, sc, actions[:i], RunMode.ASSESSMENT)
    result = apply_action(sim.company, sc, st, Action("submit_order"))
    assert result.entry.accepted
    assert result.state.order.state is OrderState.PROCESSING
    assert result.state.order.number.startswith("SO-")
    assert "MP2.no-accepted-confirmation" in sim.rules(sc, result.state, "fail")


def test_the_same_submit_in_practice_mode_is_refused_with_a_hint(sim):
    sc = sim.scenario("standard", "easy", 6, ())
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "send_confirmation")
    st = _play(sim, sc, actions[:i], RunMode.PRACTICE)
    result = apply_action(sim.company, sc, st, Action("submit_order"))
    assert not result.entry.accepted
    assert "confirmation" in result.entry.outcome["hint"]


def test_unchecked_stock_submits_in_assessment_mode_and_fires_m1(sim):
    sc = sim.find("standard", "stock_shortage")
    st = sim.replay(
        sc,
        sim.perfect(sc),
        skip=lambda a: a.kind == "check_stock",
        state=new_run(sim.company, sc, RunMode.ASSESSMENT),
    )
    assert st.submitted is not None
    score = score_run(sim.company, sc, st)
    assert score.mistakes["M1"]
    assert all(f.instead for c in score.criteria for f in c.findings)


def test_unapproved_discount_is_held_by_sales_admin_with_its_cause(sim):
    sc = sim.find("standard", "discount_over_authority")
    st = sim.replay(
        sc,
        sim.perfect(sc),
        skip=lambda a: a.kind == "request_approval",
        state=new_run(sim.company, sc, RunMode.ASSESSMENT),
    )
    held = [e for e in st.events if e.kind == "sales_admin_hold"]
    assert held and held[0].cause_seq == st.submitted_seq
    pairs = consequences(st)
    assert {
        "cause_seq": st.submitted_seq,
        "consequence": "sales_admin_hold",
    }.items() <= next(
        p for p in pairs if p["consequence"] == "sales_admin_hold"
    ).items()
    assert any(r.startswith("MP4.approval") for r in sim.rules(sc, st, "fail"))
    assert satisfaction(st)["band"] != "delighted"


def test_unapproved_discount_in_practice_mode_is_refused(sim):
    sc = sim.find("standard", "discount_over_authority")
    st = sim.replay(sc, sim.perfect(sc), skip=lambda a: a.kind == "request_approval")
    refused = [e for e in st.log if e.kind == "submit_order" and not e.accepted]
    assert refused and refused[0].outcome["hint"]
    assert not any(e.kind == "sales_admin_hold" for e in st.events)


def test_an_unanswered_delay_draws_a_chaser_then_a_complaint(sim):
    sc = sim.find("standard", "supplier_delay")
    st = sim.replay(
        sc,
        sim.perfect(sc),
        skip=lambda a: a.kind == "log_follow_up",
        state=new_run(sim.company, sc, RunMode.ASSESSMENT),
    )
    for _ in range(12):
        if not st.pending or st.finished:
            break
        st = apply_action(
            sim.company, sc, st, Action("advance_time", {"next_event": True})
        ).state
    kinds = [e.kind for e in st.events]
    assert "customer_chaser" in kinds
    chaser = next(e for e in st.events if e.kind == "customer_chaser")
    assert chaser.cause_seq is not None
    assert satisfaction(st)["communication"] < 100


def test_perfect_play_in_assessment_mode_leaves_the_customer_delighted(sim):
    for kind in ("standard", "bespoke", "urgent"):
        for level in ("easy", "medium", "hard"):
            for seed in range(34):
                sc = sim.scenario(kind, level, seed)
                st = _play(sim, sc, sim.perfect(sc), RunMode.ASSESSMENT)
                score = score_run(sim.company, sc, st)
                failed = [f.rule for c in score.criteria for f in c.findings]
                assert score.competent and not failed, (sc.id, failed)
                assert not any(score.mistakes.values()), sc.id
                assert satisfaction(st)["band"] == "delighted", (
                    sc.id,
                    satisfaction(st),
                )
