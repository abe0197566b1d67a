"""Scoring credits substance (issue 11): each case reported from real runs.

Every test plays the reported behaviour first; before the fix it produced the
failure quoted in its docstring.
"""

from __future__ import annotations

from portfolio.simulator.domain import Action, RunMode, new_run, score_run
from portfolio.simulator.domain.clock import parse_start
from portfolio.simulator.domain.scoring.answer_key.model_answer import pair_lines


def _assess(sim, sc, actions):
    return sim.play(sc, actions, state=new_run(sim.company, sc, RunMode.ASSESSMENT))


def _first_day(sc) -> str:
    return parse_start(sc.start).date().isoformat()


def test_a_next_action_done_through_the_system_is_complete(sim):
    """Was: 'next action not followed up' and M3 found, although it was done."""
    sc = sim.scenario("standard", "easy", 6, ())
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "send_confirmation")
    note = Action("log_follow_up", {
        "channel": "phone", "who": "The customer",
        "summary": "Read the order back to the customer on the phone.",
        "outcome": "Customer happy with the details so far.",
        "next_action": "Send the confirmation and submit the order",
        "next_action_date": _first_day(sc)})
    st = _assess(sim, sc, [*actions[:i], note, *actions[i:]])
    score = score_run(sim.company, sc, st)
    assert "MP3.next-action-overdue" not in sim.rules(sc, st)
    assert not score.mistakes["M3"]
    assert score.competent


def test_a_next_action_never_done_is_still_overdue(sim):
    sc = sim.scenario("standard", "easy", 6, ())
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "send_confirmation")
    note = Action("log_follow_up", {
        "channel": "phone", "who": "The customer",
        "summary": "Customer asked for an approval of a special price.",
        "outcome": "Will ask the supervisor.",
        "next_action": "Request approval from the supervisor",
        "next_action_date": _first_day(sc)})
    st = _assess(sim, sc, [*actions[:i], note, *actions[i:]])
    assert "MP3.next-action-overdue" in sim.rules(sc, st, "fail")


def _delay_with_issue_type(sim, issue_type, **text):
    sc = sim.find("standard", "supplier_delay")
    actions = [
        Action(a.kind, {**a.params, "issue_type": issue_type, **text})
        if a.kind == "log_issue" and a.params.get("issue_type") == "supplier_delay"
        else a
        for a in sim.perfect(sc)
    ]
    return sc, _assess(sim, sc, actions)


def test_an_issue_is_judged_by_what_it_records_not_its_label(sim):
    """Was: 'no supplier delay issue was logged' for a delay filed as delivery problem."""
    sc, st = _delay_with_issue_type(sim, "delivery_problem")
    assert any(r.issue_type == "delivery_problem" for r in st.issues)
    assert "MP3.issue-missing" not in sim.rules(sc, st)
    assert "MP3.issue-type" in sim.rules(sc, st, "advice")
    assert sim.met(sc, st)["MP3"]


def test_an_issue_that_does_not_describe_the_problem_is_missing(sim):
    words = "The customer rang to ask about an invoice copy for accounts."
    text = {"problem": words, "impact": words, "action": words, "resolution": words}
    sc, st = _delay_with_issue_type(sim, "other", **text)
    assert "MP3.issue-missing" in sim.rules(sc, st, "fail")


def test_waiting_with_nothing_scheduled_never_counts_against_mp4(sim):
    """Was: each harmless 'Wait' was a refused action counted against MP4."""
    sc = sim.scenario("standard", "easy", 6, ())
    waits = [Action("advance_time", {"next_event": True})] * 3
    st = _assess(sim, sc, [*waits, *sim.perfect(sc)])
    assert sum(1 for e in st.log if not e.accepted) == 3
    score = score_run(sim.company, sc, st)
    assert score.refused_actions == 0
    assert "MP4.refused-commands" not in sim.rules(sc, st)
    assert score.competent


def test_attempts_to_bypass_a_rule_still_count(sim):
    sc = sim.scenario("standard", "easy", 6, ())
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "send_confirmation")
    st = sim.play(sc, [*actions[:i], *[Action("submit_order")] * 3, *actions[i:]])
    assert score_run(sim.company, sc, st).refused_actions == 3
    assert "MP4.refused-commands" in sim.rules(sc, st, "advice")


def test_an_error_the_customer_caught_is_a_coaching_note(sim):
    """Was: MP1 failed on a caught error although the submitted order was right."""
    sc = sim.scenario("standard", "easy", 6, ())
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "send_confirmation")
    first = sim.index_of(actions, "add_line")
    wrong = sim.edit(actions[first], qty=actions[first].params["qty"] + 1)
    st = _assess(sim, sc, [*actions[:first], wrong, *actions[first + 1:i + 1]])
    if st.pending:
        st = sim.play(sc, [Action("advance_time", {"next_event": True})], state=st)
    assert st.confirmations[0].reply == "differs"
    line = st.order.lines[0]
    fix = [Action("update_line", {"line_id": line.line_id,
                                  "qty": actions[first].params["qty"]}),
           Action("check_stock", {"line_id": line.line_id}),
           actions[i]]
    if actions[i].params["channel"] == "email":
        fix.append(Action("advance_time", {"next_event": True}))
    st = sim.finish(sc, sim.play(sc, fix, state=st))
    assert st.confirmations[-1].reply == "accepted"
    score = score_run(sim.company, sc, st)
    advice = sim.rules(sc, st, "advice")
    assert advice & {"MP1.confirmation-errors", "MP1.wrong-details-confirmed"}
    assert sim.met(sc, st)["MP1"]
    assert not score.mistakes["M2"]


def test_line_comparison_does_not_depend_on_line_order():
    """Was: both lines 'differ' when the same lines were added in another order."""
    mine = [{"code": "B", "qty": 2, "unit_price": "5.00", "discount_pct": "0"},
            {"code": "A", "qty": 1, "unit_price": "10.00", "discount_pct": "0.00"}]
    model = [{"code": "A", "qty": 1, "unit_price": "10.0", "discount_pct": "0.00"},
             {"code": "B", "qty": 2, "unit_price": "5.00", "discount_pct": "0.00"}]
    pairs = pair_lines(mine, model)
    assert [(a["code"], b["code"]) for a, b in pairs] == [("B", "B"), ("A", "A")]
    extra = pair_lines([*mine, {"code": "C", "qty": 1}], model[:1])
    assert extra[0][1] is None and extra[1][1]["code"] == "A"
    assert extra[2] == ({"code": "C", "qty": 1}, None)


def _promise_the_asked_date(sim):
    sc = sim.find("standard", "stock_shortage", "later_date")
    asked = sc.truth.as_requested
    st = new_run(sim.company, sc, RunMode.ASSESSMENT)
    actions = []
    for a in sim.perfect(sc):
        if a.kind == "ask_question":
            continue
        if a.kind == "set_order_header":
            a = sim.edit(a, requested_date=asked.requested_date, part_delivery=False)
        if a.kind == "submit_order":
            break
        actions.append(a)
    return sc, sim.play(sc, actions, state=st)


def test_mp2_fails_when_the_confirmation_promised_what_stock_ruled_out(sim):
    """Was: MP2 met although the learner's own stock check showed the date impossible."""
    sc, st = _promise_the_asked_date(sim)
    assert st.checks[0].outcome == "short"
    assert st.confirmations[-1].reply == "accepted"
    st = sim.finish(sc, st)
    assert "MP2.impossible-promise" in sim.rules(sc, st, "fail")
    assert not sim.met(sc, st)["MP2"]


def _short_warning_state(sim, mode):
    sc = sim.find("standard", "stock_shortage", "later_date")
    asked = sc.truth.as_requested
    actions = []
    for a in sim.perfect(sc):
        if a.kind == "set_order_header":
            a = sim.edit(a, requested_date=asked.requested_date)
        actions.append(a)
        if a.kind == "check_stock":
            break
    st = sim.play(sc, actions, state=new_run(sim.company, sc, mode))
    key = next(s.key for s in st.shown if s.code == "stock_short")
    return sc, st, key


def test_a_bare_ok_override_is_refused_in_practice_with_a_hint(sim):
    sc, st, key = _short_warning_state(sim, RunMode.PRACTICE)
    res = sim.act(sc, st, "acknowledge_warning", warning_key=key, reason="ok")
    assert not res.entry.accepted
    assert res.entry.outcome["refused"][0]["code"] == "weak_reason"
    assert "warning" in res.entry.outcome["hint"]
    good = sim.act(sc, st, "acknowledge_warning", warning_key=key,
                   reason="Customer agreed to wait for the incoming stock of keyboards")
    assert good.entry.accepted


def test_a_bare_ok_override_is_scored_in_assessment(sim):
    sc, st, key = _short_warning_state(sim, RunMode.ASSESSMENT)
    res = sim.act(sc, st, "acknowledge_warning", warning_key=key, reason="ok")
    assert res.entry.accepted
    assert "MP4.weak-reason" in sim.rules(sc, res.state, "fail")


def test_no_date_warning_after_submission(sim):
    """Was: 'the requested date is before the earliest possible delivery' after submit."""
    for seed in range(8):
        sc = sim.scenario("standard", "easy", seed)
        st = new_run(sim.company, sc, RunMode.ASSESSMENT)
        for a in sim.perfect(sc):
            res = sim.act(sc, st, a.kind, **a.params)
            st = res.state
            if st.submitted is not None and a.kind != "submit_order":
                assert not res.entry.warnings, (sc.id, res.entry.warnings)


def test_the_inbox_reads_in_time_order_after_a_hold(sim):
    """Was: goods held back were logged as delivered while the order was on hold."""
    sc = sim.scenario("standard", "easy", 0)
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "submit_order")
    st = _assess(sim, sc, actions[:i + 1])
    st = sim.play(sc, [Action("put_on_hold", {"reason": "Customer asked to pause"}),
                       Action("advance_time", {"minutes": 12 * 1440})], state=st)
    resumed = st.clock
    st = sim.play(sc, [Action("resume", {"reason": "Customer asked to go ahead"}),
                       Action("advance_time", {"minutes": 60})], state=st)
    delivered = [e for e in st.events if e.kind in ("delivery", "partial_delivery")]
    assert delivered and delivered[0].at >= resumed
    times = [e.at for e in st.events]
    assert times == sorted(times)


def test_confirmations_are_numbered_from_one_and_carry_the_order_number(sim):
    """Was: 'Confirmation 3', then 'Confirmation 5' (the order's revision)."""
    sc = sim.scenario("standard", "easy", 6, ())
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "send_confirmation")
    again = [Action("send_confirmation", {"channel": "email"}),
             Action("advance_time", {"next_event": True})]
    st = _assess(sim, sc, [*actions[:i + 1], *again])
    assert [c.number for c in st.confirmations] == [1, 2]
    number = st.confirmations[0].content["number"]
    assert number.startswith("SO-")
    assert f"Our order number: {number}" in st.confirmations[0].content["text"]
    assert st.order.number == number
