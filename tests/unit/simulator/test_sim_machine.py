"""The order state machine: table, guards, refusals (logged, never applied), staleness."""

from __future__ import annotations

import json

import pytest

from portfolio.errors import ValidationError
from portfolio.simulator.domain import (
    ACTION_KINDS,
    TABLE,
    Action,
    OrderState,
    RunMode,
    RunState,
    apply_action,
    available_actions,
    new_run,
)
from portfolio.simulator.domain.order.state_machine import TRANSITIONS


@pytest.fixture(scope="module")
def clean(sim):
    """A standard scenario with no complications, and its answer key."""
    sc = sim.scenario("standard", "easy", 5, ())
    return sc, sim.perfect(sc)


def _upto(actions, kind, sim, nth=0):
    """The answer key up to (not including) the nth action of ``kind``."""
    i = -1
    for _ in range(nth + 1):
        i = sim.index_of(actions, kind, i + 1)
    return actions[:i]


def _same_except_log(before: RunState, after: RunState) -> bool:
    """Whether only the log changed."""
    a, b = before.to_dict(), after.to_dict()
    a.pop("log"), b.pop("log")
    return a == b


def refused(sim, sc, st, kind, **params):
    """Apply an action that must be refused; check it was logged and not applied."""
    result = sim.act(sc, st, kind, **params)
    entry = result.entry
    assert not entry.accepted, (kind, entry.outcome)
    assert entry.reasons and entry.seq == len(st.log) + 1
    assert result.state.log[-1] == entry
    assert _same_except_log(st, result.state)
    return {r["code"] for r in entry.outcome["refused"]}


def test_every_action_kind_has_a_row_in_the_state_table():
    assert set(ACTION_KINDS) <= set(TRANSITIONS)
    assert {t.to for t in TABLE if t.to} | {s for t in TABLE for s in t.sources} == set(
        OrderState)


def test_a_new_run_is_received_and_json_safe(company, clean):
    st = new_run(company, clean[0])
    assert st.state is OrderState.RECEIVED and not st.finished
    assert RunState.from_dict(json.loads(json.dumps(st.to_dict()))) == st


@pytest.mark.parametrize("action,field", [
    (Action("teleport"), "kind"),
    (Action("search_crm", {}), "query"),
    (Action("search_crm", {"query": "x", "extra": 1}), "extra"),
    (Action("add_line", {"code": "PAP-A4-080-WHT", "qty": "lots"}), "qty"),
    (Action("add_line", {"code": "PAP-A4-080-WHT", "qty": 2, "unit_price": 1.5}),
     "unit_price"),
    (Action("add_line", {"code": "PAP-A4-080-WHT", "qty": 2, "discount_pct": "1.234"}),
     "discount_pct"),
    (Action("add_line", {"code": "PAP-A4-080-WHT", "qty": 2, "options": ["a"]}), "options"),
    (Action("set_order_header", {"requested_date": "31/12/2026"}), "requested_date"),
    (Action("set_order_header", {"priority": "asap"}), "priority"),
    (Action("set_order_header", {"delivery_address": {"line1": "1 A St", "town": "X",
                                                      "postcode": "NOPE"}}),
     "delivery_address"),
    (Action("set_order_header", {}), None),
    (Action("advance_time", {}), "minutes"),
    (Action("advance_time", {"minutes": 0}), "minutes"),
    (Action("ask_question", {"question_id": "Q-NOPE"}), "question_id"),
    (Action("log_issue", {"issue_type": "gremlins", "problem": "p", "action": "a"}),
     "issue_type"),
])
def test_malformed_actions_raise_and_change_nothing(company, clean, action, field):
    st = new_run(company, clean[0])
    with pytest.raises(ValidationError) as err:
        apply_action(company, clean[0], st, action)
    assert err.value.field == field
    assert st.log == ()


def test_refusals_before_the_order_exists(sim, clean):
    sc, _ = clean
    st = new_run(sim.company, sc)
    assert refused(sim, sc, st, "submit_order") >= {"not_confirmed"}
    assert "incomplete" in refused(sim, sc, st, "send_confirmation", channel="email")
    assert refused(sim, sc, st, "close_order") == {"state"}
    assert refused(sim, sc, st, "resume", reason="go") == {"state"}
    assert refused(sim, sc, st, "open_customer", account="C99999") == {"unknown_account"}
    assert refused(sim, sc, st, "view_product", code="ABC-123") == {"unknown_product"}
    assert refused(sim, sc, st, "advance_time", next_event=True) == {"nothing_scheduled"}
    assert refused(sim, sc, st, "check_stock", line_id=1) == {"state"}


def test_line_guards(sim, clean):
    sc, actions = clean
    st = sim.play(sc, _upto(actions, "add_line", sim))
    assert refused(sim, sc, st, "add_line", code="NOPE-1-2", qty=1) == {"unknown_product"}
    assert refused(sim, sc, st, "add_line", code="CHR-VIS-STK-GRY", qty=3) == {"quantity"}
    assert refused(sim, sc, st, "add_line", code="PAP-A4-080-WHT", qty=1) == {"quantity"}
    assert refused(sim, sc, st, "add_line", code="PAP-A4-080-WHT", qty=4,
                   discount_pct="30") == {"discount_limit"}
    assert refused(sim, sc, st, "add_line", code="PAP-A4-080-WHT", qty=4,
                   options={"colour": "red"}) == {"options"}
    assert refused(sim, sc, st, "add_line", code="BSP-DSK-MTM", qty=1,
                   options={"finish": "gold"}) == {"options"}
    assert refused(sim, sc, st, "add_line", code="BSP-DSK-MTM", qty=1,
                   options={"width_mm": "2400", "depth_mm": "700"}) == {"options"}
    for kind in ("update_line", "remove_line", "check_stock"):
        assert refused(sim, sc, st, kind, line_id=99) == {"unknown_line"}


def test_header_guards(sim, clean, company):
    sc, actions = clean
    st = sim.play(sc, _upto(actions, "add_line", sim))
    other = next(c for c in company.customers if c.account != sc.truth.account)
    assert refused(sim, sc, st, "set_order_header", account="C00000") == {"unknown_account"}
    assert refused(sim, sc, st, "set_order_header",
                   contact_id=other.contacts[0].id) == {"unknown_contact"}
    assert refused(sim, sc, st, "set_order_header",
                   delivery_address_id=other.delivery_addresses[0].id) == {"unknown_address"}
    assert refused(sim, sc, st, "set_order_header", requested_date="2020-01-01") == {
        "date_past"}


def test_happy_path_states(sim, clean):
    sc, actions = clean
    states = []
    st = new_run(sim.company, sc)
    for action in actions:
        st = apply_action(sim.company, sc, st, action).state
        states.append(st.state)
    order = list(dict.fromkeys(states))
    assert order[:2] == [OrderState.RECEIVED, OrderState.DRAFT]
    for expected in (OrderState.READY, OrderState.AWAITING_CUSTOMER, OrderState.CONFIRMED,
                     OrderState.PROCESSING, OrderState.DELIVERED, OrderState.CLOSED):
        assert expected in order
    assert order.index(OrderState.CONFIRMED) < order.index(OrderState.PROCESSING)
    assert st.finished and all(e.accepted for e in st.log)


def test_after_closing_only_lookups_are_possible(sim, clean):
    sc, actions = clean
    st = sim.play(sc, actions)
    assert refused(sim, sc, st, "log_follow_up", channel="phone", who="x",
                   summary="checking in again") == {"state"}
    assert refused(sim, sc, st, "add_line", code="PAP-A4-080-WHT", qty=2) == {"state"}
    assert sim.act(sc, st, "read_brief").entry.accepted
    allowed = {o.kind for o in available_actions(sim.company, sc, st) if o.allowed}
    assert allowed == {"read_brief", "search_crm", "open_customer", "search_catalogue",
                       "view_product"}


def test_edits_after_submission_are_refused(sim, clean):
    sc, actions = clean
    st = sim.play(sc, actions[:sim.index_of(actions, "submit_order") + 1])
    assert st.state is OrderState.PROCESSING
    assert refused(sim, sc, st, "update_line", line_id=1, qty=50) == {"state"}
    assert refused(sim, sc, st, "send_confirmation", channel="phone") == {"state"}
    held = sim.act(sc, st, "put_on_hold", reason="customer asked us to wait").state
    assert held.state is OrderState.ON_HOLD
    assert refused(sim, sc, held, "cancel_order", reason="changed mind") == {"submitted"}
    back = sim.act(sc, held, "resume", reason="customer ready").state
    assert back.state is OrderState.PROCESSING


def test_a_changed_order_is_no_longer_confirmed(sim, clean):
    sc, actions = clean
    st = sim.play(sc, actions[:sim.index_of(actions, "submit_order")])
    assert st.state is OrderState.CONFIRMED
    line = st.order.lines[0]
    st = sim.act(sc, st, "update_line", line_id=line.line_id, qty=line.qty + 1).state
    assert st.state is OrderState.READY
    assert {"not_confirmed", "stock_unchecked"} <= refused(sim, sc, st, "submit_order")


def test_a_stock_check_goes_stale_with_a_change_or_with_time(sim, clean):
    sc, actions = clean
    st = sim.play(sc, actions[:sim.index_of(actions, "submit_order")])
    waited = sim.act(sc, st, "advance_time", minutes=5 * 60).state
    assert waited.state is OrderState.CONFIRMED
    assert refused(sim, sc, waited, "submit_order") == {"stock_unchecked"}
    line = st.order.lines[0]
    changed = sim.act(sc, st, "update_line", line_id=line.line_id, qty=line.qty + 1).state
    rechecked = sim.play(sc, [Action("send_confirmation", {"channel": "phone"})], changed)
    assert "stock_unchecked" in refused(sim, sc, rechecked, "submit_order")


def test_an_approval_goes_stale_when_the_discount_changes(sim):
    sc = sim.find("standard", "discount_over_authority", "supervisor")
    actions = sim.perfect(sc)
    st = sim.play(sc, actions[:sim.index_of(actions, "submit_order")])
    assert st.state is OrderState.CONFIRMED
    line = st.order.lines[0]
    st = sim.act(sc, st, "update_line", line_id=line.line_id,
                 discount_pct=str(line.discount_pct + 1)).state
    st = sim.play(sc, [Action("check_stock", {"line_id": ln.line_id})
                       for ln in st.order.lines], st)
    codes = refused(sim, sc, st, "submit_order")
    assert "approval:discount" in codes and "not_confirmed" in codes


def test_warnings_must_be_acknowledged_and_only_ackable_ones(sim):
    sc = sim.find("standard", "address_differs", "new_site")
    actions = sim.perfect(sc)
    ack = sim.index_of(actions, "acknowledge_warning")
    st = sim.play(sc, actions[:ack])
    key = actions[ack].params["warning_key"]
    assert refused(sim, sc, st, "acknowledge_warning", warning_key="nope",
                   reason="because") == {"unknown_warning"}
    no_ack = sim.play(sc, sim.without(actions, "acknowledge_warning")[
        :sim.index_of(sim.without(actions, "acknowledge_warning"), "submit_order")])
    assert "warnings" in refused(sim, sc, no_ack, "submit_order")
    done = sim.act(sc, st, "acknowledge_warning", warning_key=key, reason="New delivery site agreed with the customer").state
    assert refused(sim, sc, done, "acknowledge_warning", warning_key=key,
                   reason="again") == {"already_acknowledged"}
    disc = sim.find("standard", "discount_over_authority")
    dact = sim.perfect(disc)
    dst = sim.play(disc, dact[:sim.index_of(dact, "request_approval")])
    dkey = next(s.key for s in dst.shown if s.code == "discount")
    assert refused(sim, disc, dst, "acknowledge_warning", warning_key=dkey,
                   reason="fine") == {"not_ackable"}


def test_one_pending_approval_per_type(sim):
    sc = sim.find("standard", "discount_over_authority")
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "request_approval")
    st = sim.play(sc, actions[:i + 1])
    assert st.state is OrderState.AWAITING_APPROVAL
    assert refused(sim, sc, st, "request_approval", **actions[i].params) == {
        "approval_pending"}
    assert refused(sim, sc, st, "send_confirmation", channel="email") >= {"approval_pending"}


def test_hold_resume_and_cancel(sim, clean):
    sc, actions = clean
    st = sim.play(sc, actions[:sim.index_of(actions, "send_confirmation")])
    before = st.state
    held = sim.act(sc, st, "put_on_hold", reason="customer checking budget").state
    assert held.state is OrderState.ON_HOLD and held.order.hold_from is before
    assert refused(sim, sc, held, "add_line", code="PAP-A4-080-WHT", qty=2) == {"on_hold"}
    assert refused(sim, sc, held, "put_on_hold", reason="again") == {"on_hold"}
    assert sim.act(sc, held, "resume", reason="budget agreed").state.state is before
    cancelled = sim.act(sc, held, "cancel_order", reason="customer withdrew").state
    assert cancelled.finished and cancelled.state is OrderState.CANCELLED


def test_a_credit_hold_cannot_be_lifted_without_credit_control(sim):
    sc = sim.find("standard", "credit_problem", "on_stop")
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "put_on_hold")
    held = sim.play(sc, actions[:i + 1])
    assert refused(sim, sc, held, "resume", reason="the customer says it is fine") == {
        "credit"}


def test_available_actions_follow_the_table(sim, clean):
    sc, actions = clean
    st = new_run(sim.company, sc)
    options = {o.kind: o for o in available_actions(sim.company, sc, st)}
    assert set(options) == set(ACTION_KINDS)
    assert not options["submit_order"].allowed and options["submit_order"].reason
    assert not options["check_stock"].allowed and options["add_line"].allowed
    st = sim.play(sc, actions[:sim.index_of(actions, "submit_order")])
    options = {o.kind: o for o in available_actions(sim.company, sc, st)}
    assert options["submit_order"].allowed and not options["close_order"].allowed


def test_run_state_round_trips_through_json_at_every_step(sim, clean):
    sc, actions = clean
    st = new_run(sim.company, sc)
    for action in actions:
        st = apply_action(sim.company, sc, st, action).state
        again = RunState.from_dict(json.loads(json.dumps(st.to_dict())))
        assert again == st


SAMPLE = {
    "read_brief": {}, "search_crm": {"query": "ltd"}, "open_customer": {"account": "X"},
    "verify_caller": {"account": "X"}, "ask_question": {"question_id": "Q-S01"},
    "search_catalogue": {"query": "desk"}, "view_product": {"code": "PAP-A4-080-WHT"},
    "set_order_header": {"instructions": "Ring first."},
    "add_line": {"code": "PAP-A4-080-WHT", "qty": 4}, "update_line": {"line_id": 1, "qty": 4},
    "remove_line": {"line_id": 1}, "check_stock": {"line_id": 1},
    "acknowledge_warning": {"warning_key": "k", "reason": "because"},
    "request_approval": {"type": "discount", "role": "supervisor",
                         "justification": "The customer buys from us every single week."},
    "send_confirmation": {"channel": "phone"}, "submit_order": {},
    "advance_time": {"minutes": 5},
    "log_follow_up": {"channel": "phone", "who": "x", "summary": "Spoke about the order."},
    "log_issue": {"issue_type": "other", "problem": "A problem", "action": "An action"},
    "put_on_hold": {"reason": "waiting"}, "resume": {"reason": "ready"},
    "cancel_order": {"reason": "withdrawn"}, "close_order": {},
}


def _states(sim, sc, actions):
    """One run state for every order state the answer key passes through, and more."""
    seen, st = {}, new_run(sim.company, sc)
    for action in [*actions]:
        seen.setdefault(st.state, st)
        st = apply_action(sim.company, sc, st, action).state
    seen.setdefault(st.state, st)
    ready = seen[OrderState.READY]
    seen[OrderState.ON_HOLD] = sim.act(sc, ready, "put_on_hold", reason="wait").state
    seen[OrderState.CANCELLED] = sim.act(sc, ready, "cancel_order", reason="no").state
    emailed = sim.act(sc, ready, "send_confirmation", channel="email").state
    seen[OrderState.AWAITING_CUSTOMER] = emailed
    return seen


def test_every_command_is_refused_in_every_state_the_table_excludes(sim, clean):
    sc, actions = clean
    states = _states(sim, sc, actions)
    assert len(states) >= 10
    checked = 0
    for kind, params in SAMPLE.items():
        for state, st in states.items():
            if state not in TRANSITIONS[kind].sources:
                codes = refused(sim, sc, st, kind, **params)
                assert codes, (kind, state)
                checked += 1
    assert checked > 60


def test_remaining_handler_guards(sim, clean):
    sc, actions = clean
    st = sim.play(sc, actions[:sim.index_of(actions, "send_confirmation")])
    t = sc.truth
    other = next(c for c in sim.company.customers if c.account != t.account)
    assert refused(sim, sc, st, "verify_caller", account=t.account,
                   contact_id=other.contacts[0].id) == {"unknown_contact"}
    assert refused(sim, sc, st, "send_confirmation", channel="phone",
                   to_contact_id=other.contacts[0].id) == {"unknown_contact"}
    assert refused(sim, sc, st, "log_issue", issue_id="I9", issue_type="other",
                   problem="p", action="a") == {"unknown_issue"}


def test_discontinued_products_cannot_be_submitted(sim):
    sc = sim.find("standard", "wrong_product_code", "discontinued")
    wrong, right = sc.truth.complication("wrong_product_code").key_facts
    actions = sim.perfect(sc)
    plan = [sim.edit(a, code=wrong) if a.kind == "add_line" and a.params["code"] == right
            else a for a in actions[:sim.index_of(actions, "check_stock")]]
    # Assessment mode lets the code in, as a real system would, until submission.
    st = sim.replay(sc, plan, state=new_run(sim.company, sc, RunMode.ASSESSMENT))
    assert any(s.code == "discontinued" for s in st.shown)
    assert "discontinued" in refused(sim, sc, st, "submit_order")


def test_an_order_with_an_open_issue_cannot_be_closed(sim, clean):
    sc, actions = clean
    st = sim.play(sc, actions[:sim.index_of(actions, "close_order")])
    assert st.state is OrderState.DELIVERED
    st = sim.act(sc, st, "log_issue", issue_type="delivery_problem",
                 problem="One box arrived dented.", action="Asked for photos.").state
    assert refused(sim, sc, st, "close_order") == {"issues_open"}
    st = sim.act(sc, st, "log_issue", issue_id="I1", issue_type="delivery_problem",
                 problem="One box arrived dented.", action="Replacement sent.",
                 resolution="Customer happy with the replacement.").state
    assert sim.act(sc, st, "close_order").state.state is OrderState.CLOSED
