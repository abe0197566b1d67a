"""Scoring: the score's shape, specific checks, KPIs, the model answer and speed."""

from __future__ import annotations

import json
import time
from datetime import time as clock

from portfolio.simulator.domain import (
    Action,
    model_answer,
    new_run,
    run_kpis,
    score_run,
)
from portfolio.simulator.domain.engine.context import Ctx

FINDING_KEYS = {"rule", "criterion", "severity", "message", "seq", "sim_time", "at",
                "clause", "mistake", "instead"}


def test_score_dict_shape(sim):
    sc = sim.find("standard", "stock_shortage")
    actions = sim.perfect(sc)
    st = sim.replay(sc, actions, skip=lambda a: a.kind == "check_stock")
    d = score_run(sim.company, sc, st).to_dict()
    assert json.loads(json.dumps(d)) == d
    assert set(d) == {"competent", "refused_actions", "criteria", "common_mistakes",
                      "mode", "earned_by"}
    assert list(d["criteria"]) == ["MP1", "MP2", "MP3", "MP4"]
    for crit in d["criteria"].values():
        assert set(crit) == {"title", "met", "findings", "earned_by"}
        for f in crit["findings"]:
            assert set(f) == FINDING_KEYS
            assert f["instead"].endswith(".")
    assert set(d["common_mistakes"]) == {"M1", "M2", "M3", "M4"}
    assert d["refused_actions"] >= 1 and not d["competent"]


def test_findings_name_the_action_time_and_clause(sim):
    sc = sim.scenario("standard", "easy", 5, ())
    actions = sim.perfect(sc)
    st = sim.replay(sc, actions[:sim.index_of(actions, "send_confirmation")],
                    skip=lambda a: a.kind == "check_stock")
    st = sim.act(sc, st, "send_confirmation", channel="phone").state
    score = score_run(sim.company, sc, st)
    finding = next(f for c in score.criteria for f in c.findings
                   if f.rule == "MP4.stock-before-confirm")
    assert finding.seq == st.confirmations[0].seq
    assert finding.sim_time == st.confirmations[0].at and finding.at
    assert finding.clause == sim.company.policy.ref("stock_check") == "4.1"
    assert finding.mistake == "M1" and finding.severity == "fail"
    assert "stock check" in finding.message


def test_an_untouched_run_is_scored(sim):
    sc = sim.scenario("bespoke", "hard", 4)
    rules = sim.rules(sc, new_run(sim.company, sc), "fail")
    assert {"MP1.not-submitted", "MP2.not-finalised", "MP3.order-not-closed"} <= rules
    assert not score_run(sim.company, sc, new_run(sim.company, sc)).competent


def test_a_cancelled_order_is_not_a_sale(sim):
    sc = sim.scenario("standard", "easy", 5, ())
    st = sim.play(sc, [Action("cancel_order", {"reason": "Customer withdrew the order."})])
    assert st.finished
    rules = sim.rules(sc, st, "fail")
    assert "MP1.not-submitted" in rules and "MP3.order-not-closed" not in rules
    assert run_kpis(sim.company, sc, st)["converted"] is False


def test_submitting_before_confirmation_is_coached_not_failed(sim):
    sc = sim.scenario("standard", "easy", 6, ())
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "send_confirmation")
    st = sim.play(sc, [*actions[:i], Action("submit_order"), *actions[i:]])
    assert st.finished
    # Issue 11: a refused attempt submitted nothing; it is a coaching note.
    assert "MP2.submit-unconfirmed" in sim.rules(sc, st, "advice")
    assert sim.met(sc, st)["MP2"]


def test_urgent_order_submitted_after_the_cut_off(sim):
    sc = sim.scenario("urgent", "easy", 3, ())
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "check_stock")
    st = sim.play(sc, actions[:i])
    ctx = Ctx(sim.company, sc)
    st = sim.act(sc, st, "advance_time",
                 minutes=ctx.minute(0, clock(14, 30)) - st.clock).state
    st = sim.replay(sc, actions[i:sim.index_of(actions, "send_confirmation")], state=st,
                    skip=lambda a: a.kind == "acknowledge_warning")
    for shown in st.shown:
        if shown.ackable:
            st = sim.act(sc, st, "acknowledge_warning", warning_key=shown.key,
                         reason="Customer told it will arrive a day late.").state
    st = sim.act(sc, st, "send_confirmation", channel="phone").state
    st = sim.finish(sc, st)
    assert "MP4.urgent-cutoff" in sim.rules(sc, st, "fail")
    assert any(e.kind == "late_delivery" for e in st.events)


def test_next_action_not_done_by_its_date(sim):
    sc = sim.scenario("standard", "easy", 5, ())
    actions = sim.perfect(sc)
    st = sim.play(sc, actions[:sim.index_of(actions, "submit_order") + 1])
    ctx = Ctx(sim.company, sc)
    tomorrow = ctx.date(1).isoformat()
    st = sim.act(sc, st, "log_follow_up", channel="phone", who="customer",
                 summary="Promised to ring back tomorrow with the delivery slot.",
                 outcome="Customer happy to wait.", next_action="Ring with the slot",
                 next_action_date=tomorrow).state
    st = sim.finish(sc, st)
    assert "MP3.next-action-overdue" in sim.rules(sc, st, "fail")


def test_vague_follow_up_gets_advice(sim):
    from portfolio.simulator.domain.scoring.answer_key import play as perfect

    def vague(p, event):
        if event.get("needs_follow_up"):
            perfect._react(p, event)
            return
        p.play("log_follow_up", channel="phone", who="customer", summary="Rang the "
               "customer about the order.", outcome="All fine.",
               next_action="No further action.")

    sc = sim.find("standard", "supplier_delay")
    actions = sim.perfect(sc)
    st = sim.play(sc, actions[:sim.index_of(actions, "submit_order") + 1])

    def sloppy(p, event):
        if event["kind"] == "supplier_delay":
            p.play("log_issue", issue_type="supplier_delay", problem="Supplier is late.",
                   impact="Delivery will be later.", action="Rang the customer.")
            p.play("log_follow_up", channel="phone", who="customer",
                   summary="Rang the customer about the order.", outcome="Fine.",
                   next_action="No further action.")
        else:
            vague(p, event)

    st = sim.finish(sc, st, react=sloppy)
    assert "MP3.record-not-specific" in sim.rules(sc, st, "advice")
    assert sim.met(sc, st)["MP3"]


def test_kpis_of_a_perfect_and_a_faulty_run(sim):
    sc = sim.find("standard", "supplier_delay")
    good = sim.play(sc, sim.perfect(sc))
    k = run_kpis(sim.company, sc, good)
    answer = model_answer(sim.company, sc)
    assert k["converted"] and k["first_time_right"] and k["errors"] == 0
    assert k["follow_up_timeliness"] == 1.0 and k["competent"]
    assert k["order_value"] == answer["totals"]["gross"]
    assert 0 < k["handling_minutes"] == good.submitted_at
    bad = sim.play(sc, sim.without(sim.perfect(sc), "ask_question"))
    kb = run_kpis(sim.company, sc, new_run(sim.company, sc))
    assert kb["converted"] is False and kb["order_value"] == "0.00"
    assert kb["follow_up_timeliness"] is None
    assert json.dumps(run_kpis(sim.company, sc, bad))


def test_model_answer(sim):
    sc = sim.find("bespoke", "discount_over_authority")
    answer = model_answer(sim.company, sc)
    assert json.loads(json.dumps(answer)) == answer
    assert answer["customer"]["account"] == sc.truth.account
    assert answer["deposit"] is not None
    assert {a["type"] for a in answer["required_approvals"]} == {"discount", "bespoke"}
    assert {q["fact"] for q in answer["questions_to_ask"]} == set(sc.truth.must_ask)
    nets = sum(float(line["net"]) for line in answer["lines"])
    assert abs(nets - float(answer["totals"]["net"])) < 0.005
    assert answer["contact"]["may_order"]


def test_scoring_a_200_action_log_is_fast(sim):
    sc = sim.find("standard", "supplier_delay")
    actions = sim.perfect(sc)
    cut = sim.index_of(actions, "submit_order")
    filler = []
    for i in range(200 - len(actions)):
        filler.append(Action("check_stock", {"line_id": 1}) if i % 3 == 0 else
                      Action("ask_question", {"question_id": "Q-P01"}) if i % 3 == 1 else
                      Action("log_follow_up", {"channel": "internal", "who": "me",
                                               "summary": f"Note {i} about the order.",
                                               "outcome": "noted",
                                               "next_action": "none"}))
    st = sim.play(sc, [*actions[:cut], *filler, *actions[cut:]])
    assert len(st.log) >= 200
    best = min(_timed(sim, sc, st) for _ in range(5))
    assert best < 0.05, best


def _timed(sim, sc, st) -> float:
    """Seconds to score ``st`` once."""
    start = time.perf_counter()
    score_run(sim.company, sc, st).to_dict()
    return time.perf_counter() - start
