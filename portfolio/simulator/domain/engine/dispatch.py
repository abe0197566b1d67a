"""The single entry point for learner actions, and what the action bar may offer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portfolio.simulator.domain.company.model import Company
from portfolio.simulator.domain.engine.actions import KINDS, Action, ActionResult, parse
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.events import process_due
from portfolio.simulator.domain.engine.guards import Refusal, Refused, gate, with_hint
from portfolio.simulator.domain.engine.handlers import follow_up as fol
from portfolio.simulator.domain.engine.handlers import lookup as look
from portfolio.simulator.domain.engine.handlers import order_edit as edit
from portfolio.simulator.domain.engine.handlers import processing as proc
from portfolio.simulator.domain.engine.modes import RunMode
from portfolio.simulator.domain.engine.records import LogEntry, Shown
from portfolio.simulator.domain.engine.run_state import RunState, evolve
from portfolio.simulator.domain.engine.warning_rules import current_warnings
from portfolio.simulator.domain.scenarios.model import Scenario
from portfolio.simulator.domain.serial import to_plain

HANDLERS = {
    "read_brief": look.read_brief,
    "search_crm": look.search_crm,
    "open_customer": look.open_customer,
    "verify_caller": look.verify_caller,
    "ask_question": look.ask_question,
    "search_catalogue": look.search_catalogue,
    "view_product": look.view_product,
    "set_order_header": edit.set_order_header,
    "add_line": edit.add_line,
    "update_line": edit.update_line,
    "remove_line": edit.remove_line,
    "check_stock": proc.check_stock,
    "acknowledge_warning": proc.acknowledge_warning,
    "request_approval": proc.request_approval,
    "send_confirmation": proc.send_confirmation,
    "submit_order": proc.submit_order,
    "advance_time": fol.advance_time,
    "log_follow_up": fol.log_follow_up,
    "log_issue": fol.log_issue,
    "put_on_hold": fol.put_on_hold,
    "resume": fol.resume,
    "cancel_order": fol.cancel_order,
    "close_order": fol.close_order,
}


@dataclass(frozen=True)
class ActionOption:
    """Whether the action bar may offer ``kind`` now, and if not, why."""

    kind: str
    allowed: bool
    reason: str


def apply_action(
    company: Company, scenario: Scenario, state: RunState, action: Action
) -> ActionResult:
    """Apply one action; refusals are logged (accepted=False), nothing else changes."""
    spec, params = parse(action)
    ctx = Ctx(company, scenario)
    seq = len(state.log) + 1
    refusals = gate(ctx, state, spec.kind)
    if not refusals:
        try:
            new, outcome = HANDLERS[spec.kind](ctx, state, params, seq)
        except Refused as exc:
            refusals = list(exc.refusals)
            if state.mode is RunMode.PRACTICE:
                refusals = [with_hint(r) for r in refusals]
    if refusals:
        return _refused(state, seq, spec.kind, params, refusals)
    if spec.kind != "advance_time":
        new = evolve(new, clock=state.clock + spec.minutes)
    new, seen = process_due(ctx, new, seq)
    new, warned = _raise_warnings(ctx, new, seq)
    if seen:
        outcome = {**outcome, "events": seen}
    entry = LogEntry(
        seq,
        state.clock,
        spec.kind,
        to_plain(params),
        True,
        (),
        warned,
        to_plain(outcome),
    )
    return ActionResult(evolve(new, log=new.log + (entry,)), entry)


def _refused(
    state: RunState,
    seq: int,
    kind: str,
    params: dict[str, Any],
    refusals: list[Refusal],
) -> ActionResult:
    """Log a refused action without applying it."""
    outcome: dict[str, Any] = {
        "refused": [
            {"code": r.code, "message": r.message, "clause": r.clause, "hint": r.hint}
            for r in refusals
        ]
    }
    hints = [r.hint for r in refusals if r.hint]
    if hints:
        outcome["hint"] = hints[0]
    entry = LogEntry(
        seq,
        state.clock,
        kind,
        to_plain(params),
        False,
        tuple(r.message for r in refusals),
        (),
        outcome,
    )
    return ActionResult(evolve(state, log=state.log + (entry,)), entry)


def _raise_warnings(
    ctx: Ctx, st: RunState, seq: int
) -> tuple[RunState, tuple[str, ...]]:
    """Show the learner every warning that has newly appeared."""
    if st.finished:
        return st, ()
    known = {s.key for s in st.shown}
    new = tuple(
        Shown(seq, w.key, w.code, w.message, w.clause, w.ackable)
        for w in current_warnings(ctx, st)
        if w.key not in known
    )
    if not new:
        return st, ()
    return evolve(st, shown=st.shown + new), tuple(
        f"{w.message} [{w.key}]" if w.ackable else w.message for w in new
    )


def available_actions(
    company: Company, scenario: Scenario, state: RunState
) -> list[ActionOption]:
    """Every action kind with whether it is possible now (drives the action bar)."""
    ctx = Ctx(company, scenario)
    out = []
    for kind in KINDS:
        refusals = gate(ctx, state, kind.kind) or _needs(ctx, state, kind.kind)
        out.append(
            ActionOption(
                kind.kind, not refusals, refusals[0].message if refusals else ""
            )
        )
    return out


def _needs(ctx: Ctx, st: RunState, kind: str) -> list[Refusal]:
    """Parameter-free preconditions (something to act on)."""
    if kind in ("update_line", "remove_line", "check_stock") and not st.order.lines:
        return [Refusal("no_lines", "There are no order lines yet.")]
    if kind == "acknowledge_warning":
        acked = {a.key for a in st.acks}
        if not any(w.ackable and w.key not in acked for w in current_warnings(ctx, st)):
            return [Refusal("no_warnings", "There are no warnings to acknowledge.")]
    return []


def current_warning_list(
    company: Company, scenario: Scenario, state: RunState
) -> list[dict[str, Any]]:
    """Warnings showing on the order now, with whether each has been acknowledged."""
    acked = {a.key for a in state.acks}
    return [
        {
            "key": w.key,
            "code": w.code,
            "message": w.message,
            "clause": w.clause,
            "ackable": w.ackable,
            "acknowledged": w.key in acked,
        }
        for w in current_warnings(Ctx(company, scenario), state)
    ]
