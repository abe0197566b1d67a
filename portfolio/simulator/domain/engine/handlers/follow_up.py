"""Handlers for time, follow-ups, issues, holds, cancellation and closing."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.guards import refuse
from portfolio.simulator.domain.engine.lifecycle import settle
from portfolio.simulator.domain.engine.records import FollowUp, IssueRecord
from portfolio.simulator.domain.engine.run_state import RunState, evolve
from portfolio.simulator.domain.errors import ValidationError
from portfolio.simulator.domain.order.state_machine import PRE_SUBMIT, OrderState
from portfolio.simulator.domain.people.persona import delay_reaction

Result = tuple[RunState, dict[str, Any]]
MAX_WAIT = 20160
HELD = frozenset({"delivery", "stage"})  # what waits while the order is on hold
# Events that tell of a delay: following one up means telling the customer it is late.
DELAYS = frozenset({"supplier_delay", "late_delivery", "partial_delivery", "backorder"})


def advance_time(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Let time pass by some minutes, or until the next scheduled thing."""
    if ("minutes" in p) == bool(p.get("next_event")):
        raise ValidationError("give either minutes or next_event", "minutes")
    if p.get("next_event"):
        held = st.order.state is OrderState.ON_HOLD
        due = [x.due for x in st.pending if not (held and x.kind in HELD)]
        if not due:
            refuse("nothing_scheduled", "Nothing is scheduled to happen.")
        target = max(st.clock, min(due))
    else:
        if not 1 <= p["minutes"] <= MAX_WAIT:
            raise ValidationError(
                f"minutes must be between 1 and {MAX_WAIT}", "minutes"
            )
        target = st.clock + p["minutes"]
    return evolve(st, clock=target), {"waited_minutes": target - st.clock}


def log_follow_up(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Record a follow-up interaction."""
    rec = FollowUp(
        f"F{len(st.follow_ups) + 1}",
        seq,
        st.clock,
        p["channel"],
        p["who"],
        p["summary"],
        p.get("outcome", ""),
        p.get("next_action", ""),
        p.get("next_action_date"),
    )
    out: dict[str, Any] = {"follow_up_id": rec.id}
    reply = delay_reply(ctx, st)
    if reply:
        out["reply_text"] = reply
    return evolve(st, follow_ups=st.follow_ups + (rec,)), out


def delay_reply(ctx: Ctx, st: RunState) -> str:
    """The customer's answer on hearing of a delay nobody has followed up yet.

    Worded by the customer's persona, the same every time for the scenario and event.
    """
    last = max((f.at for f in st.follow_ups), default=-1)
    ev = next(
        (e for e in reversed(st.events) if e.kind in DELAYS and e.at > last),
        None,
    )
    if ev is None:
        return ""
    who = ctx.scenario.truth.persona
    return "Customer: " + delay_reaction(who, f"{ctx.scenario.id}:delay:{ev.id}")


def log_issue(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Record an issue, or add to one already logged."""
    thread = p.get("issue_id") or f"I{len(st.threads()) + 1}"
    if p.get("issue_id") and p["issue_id"] not in st.threads():
        refuse("unknown_issue", f"There is no issue {p['issue_id']}.")
    rec = IssueRecord(
        f"IR{len(st.issues) + 1}",
        thread,
        seq,
        st.clock,
        p["issue_type"],
        p["problem"],
        p.get("impact", ""),
        p["action"],
        p.get("resolution", ""),
    )
    return evolve(st, issues=st.issues + (rec,)), {"issue_id": thread}


def put_on_hold(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Stop the order, remembering where it was."""
    order = replace(st.order, state=OrderState.ON_HOLD, hold_from=st.order.state)
    return evolve(st, order=order), {"held_from": st.order.state.value}


def resume(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Take the order off hold."""
    back = st.order.hold_from or OrderState.DRAFT
    # Goods held back leave when the hold lifts, not at their old delivery time.
    pending = tuple(
        replace(x, due=max(x.due, st.clock + 30)) if x.kind in HELD else x
        for x in st.pending
    )
    order = replace(st.order, state=back, hold_from=None, hold_reason="")
    st = evolve(st, order=order, pending=pending)
    if back in PRE_SUBMIT - {
        OrderState.AWAITING_CUSTOMER,
        OrderState.CONFIRMED,
        OrderState.RECEIVED,
    }:
        st = evolve(st, order=replace(st.order, state=settle(ctx, st)))
    return st, {"state": st.order.state.value}


def cancel_order(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Cancel an order that has not been submitted."""
    order = replace(st.order, state=OrderState.CANCELLED, hold_from=None)
    return evolve(st, order=order, pending=()), {"state": "cancelled"}


def close_order(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Close a delivered order."""
    return evolve(st, order=replace(st.order, state=OrderState.CLOSED), pending=()), {
        "state": "closed"
    }
