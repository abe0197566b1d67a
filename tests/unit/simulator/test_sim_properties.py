"""Property-based tests: random action sequences never break the engine's invariants."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.errors import ValidationError
from portfolio.simulator.domain import (
    Action,
    Company,
    OrderState,
    RunState,
    ScenarioSpec,
    apply_action,
    available_actions,
    generate_scenario,
    new_run,
    perfect_actions,
    run_kpis,
    score_run,
)
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.stock import run_stock

SPECS = [ScenarioSpec(kind, level, seed) for kind in ("standard", "bespoke", "urgent")
         for level in ("easy", "hard") for seed in (1, 2)]
TEXT = st.sampled_from(["", "ok", "Customer agreed the change by phone today.",
                        "Rang the customer: the new date is fine, no further action."])


SEEDS = Path(__file__).resolve().parents[3] / "seeds"
_CACHE: dict[object, object] = {}


def _company() -> Company:
    """The seeded company, loaded once (not a fixture: Hypothesis would print it)."""
    if "company" not in _CACHE:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        files = {"policy": "policy", "products": "catalogue", "customers": "crm",
                 "questions": "questions"}
        _CACHE["company"] = Company.from_dict({
            key: yaml.load((SEEDS / f"{name}.yaml").read_text(encoding="utf-8"), loader)
            for key, name in files.items()})
    return _CACHE["company"]  # type: ignore[return-value]


def _prepared(company: Company, index: int):
    """A scenario and its answer key (cached across examples)."""
    if index not in _CACHE:
        sc = generate_scenario(company, SPECS[index])
        _CACHE[index] = (sc, tuple(perfect_actions(company, sc)))
    return _CACHE[index]


def _action(data, company, sc, state: RunState) -> Action:
    """A plausible (sometimes wrong) random action for the current state."""
    t = sc.truth
    lines = [ln.line_id for ln in state.order.lines] or [1]
    codes = [ln.code for ln in t.lines] + ["PAP-A4-080-WHT", "DSK-STD-1400-OAK", "XXX-1-2"]
    customer = company.customer(t.account)
    draw = data.draw
    kind = draw(st.sampled_from([
        "read_brief", "search_crm", "open_customer", "verify_caller", "ask_question",
        "view_product", "set_order_header", "add_line", "update_line", "remove_line",
        "check_stock", "acknowledge_warning", "request_approval", "send_confirmation",
        "submit_order", "advance_time", "log_follow_up", "log_issue", "put_on_hold",
        "resume", "cancel_order", "close_order"]))
    params = {
        "search_crm": lambda: {"query": draw(st.sampled_from([t.account, "ltd", "zz"]))},
        "open_customer": lambda: {"account": draw(st.sampled_from([t.account, "C1"]))},
        "verify_caller": lambda: {"account": t.account, "contact_id": draw(
            st.sampled_from([c.id for c in customer.contacts]))},
        "ask_question": lambda: {"question_id": draw(st.sampled_from(
            [q.id for q in company.questions]))},
        "view_product": lambda: {"code": draw(st.sampled_from(codes))},
        "set_order_header": lambda: draw(st.fixed_dictionaries({}, optional={
            "account": st.just(t.account), "contact_id": st.just(t.contact_id),
            "requested_date": st.just(t.requested_date),
            "priority": st.sampled_from(["normal", "urgent"]),
            "part_delivery": st.booleans(), "customer_ref": st.just(t.customer_ref)})) or {
            "instructions": "Deliver to reception."},
        "add_line": lambda: {"code": draw(st.sampled_from(codes)),
                             "qty": draw(st.integers(0, 40)),
                             "discount_pct": draw(st.sampled_from(["0", "5", "12", "40"]))},
        "update_line": lambda: {"line_id": draw(st.sampled_from(lines)),
                                "qty": draw(st.integers(1, 40))},
        "remove_line": lambda: {"line_id": draw(st.sampled_from(lines))},
        "check_stock": lambda: {"line_id": draw(st.sampled_from(lines))},
        "acknowledge_warning": lambda: {"warning_key": draw(st.sampled_from(
            [s.key for s in state.shown] or ["none"])), "reason": "Agreed with customer."},
        "request_approval": lambda: {
            "type": draw(st.sampled_from(["discount", "credit", "bespoke"])),
            "role": draw(st.sampled_from(["supervisor", "sales_manager", "credit_control"])),
            "justification": draw(TEXT) or "x"},
        "send_confirmation": lambda: {"channel": draw(st.sampled_from(["email", "phone"]))},
        "advance_time": lambda: draw(st.sampled_from([{"next_event": True},
                                                      {"minutes": 45}, {"minutes": 1500}])),
        "log_follow_up": lambda: {"channel": "phone", "who": "customer",
                                  "summary": draw(TEXT) or "s", "outcome": draw(TEXT)},
        "log_issue": lambda: {"issue_type": "other", "problem": "p", "action": "a",
                              "resolution": draw(TEXT)},
        "put_on_hold": lambda: {"reason": "checking"},
        "resume": lambda: {"reason": "checked"},
        "cancel_order": lambda: {"reason": "customer withdrew"},
    }.get(kind, dict)()
    return Action(kind, params)


def _check_invariants(company, sc, before: RunState, after: RunState, entry) -> None:
    """What must hold after every action."""
    assert after.state in set(OrderState)
    assert len(after.log) == len(before.log) + 1 and after.log[-1] == entry
    assert entry.seq == len(after.log) and after.clock >= before.clock
    if not entry.accepted:
        a, b = before.to_dict(), after.to_dict()
        a.pop("log"), b.pop("log")
        assert a == b
    ctx = Ctx(company, sc)
    codes = {ln.code for ln in sc.truth.lines} | {ln.code for ln in after.order.lines}
    for code in codes:
        stock = run_stock(ctx, after, code)
        assert stock.on_hand >= 0 and stock.reserved >= 0 and stock.free_now >= 0
    for line_id, qty in after.delivered.items():
        line = (after.submitted or after.order).line(int(line_id))
        assert line is not None and 0 <= qty <= line.qty


@settings(max_examples=50, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), index=st.integers(0, len(SPECS) - 1), steps=st.integers(1, 35))
def test_random_actions_keep_the_invariants(data, index, steps):
    company = _company()
    sc, key = _prepared(company, index)
    state = new_run(company, sc)
    prefix = data.draw(st.integers(0, len(key)))
    for action in key[:prefix]:
        state = apply_action(company, sc, state, action).state
    for _ in range(steps):
        action = _action(data, company, sc, state)
        try:
            result = apply_action(company, sc, state, action)
        except ValidationError:
            continue
        _check_invariants(company, sc, state, result.state, result.entry)
        state = result.state
    again = RunState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert again == state
    score = score_run(company, sc, state).to_dict()
    assert json.dumps(score) and set(score["criteria"]) == {"MP1", "MP2", "MP3", "MP4"}
    assert json.dumps(run_kpis(company, sc, state))
    assert len(available_actions(company, sc, state)) == 23
