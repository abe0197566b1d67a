"""What happens on the simulated clock: decisions, replies, supplier events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from portfolio.simulator.domain.engine.consequences import chase
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.deliveries import deliver, late_notice
from portfolio.simulator.domain.engine.documents import express_credit
from portfolio.simulator.domain.engine.inbox import Seen, notice, receive
from portfolio.simulator.domain.engine.lifecycle import settle, with_base
from portfolio.simulator.domain.engine.records import Pending
from portfolio.simulator.domain.engine.run_state import RunState, Supply, evolve
from portfolio.simulator.domain.engine.warehouse import plan
from portfolio.simulator.domain.order.state_machine import OrderState


def process_due(ctx: Ctx, st: RunState, seq: int) -> tuple[RunState, Seen]:
    """Deliver everything due, in time order (deliveries wait during a hold)."""
    seen: Seen = []
    while True:
        held = st.order.state is OrderState.ON_HOLD
        due = [
            (p.due, i)
            for i, p in enumerate(st.pending)
            if p.due <= st.clock and not (held and p.kind in HELD_KINDS)
        ]
        if not due:
            return st, seen
        _, index = min(due)
        item = st.pending[index]
        st = evolve(st, pending=st.pending[:index] + st.pending[index + 1 :])
        st = APPLY[item.kind](ctx, st, item, seq, seen)


def _approval(ctx: Ctx, st: RunState, item: Pending, seq: int, seen: Seen) -> RunState:
    """The approver's decision arrives."""
    approvals = tuple(
        replace(
            a,
            status=a.decision,
            message=a.decision_message,
            decided_at=item.due,
            decided_seq=seq,
        )
        if a.id == item.ref
        else a
        for a in st.approvals
    )
    st = evolve(st, approvals=approvals)
    decided = next(a for a in approvals if a.id == item.ref)
    seen.append(
        {
            "kind": "approval_decided",
            "at": item.due,
            "approval_id": decided.id,
            "status": decided.status,
            "message": decided.message,
        }
    )
    if st.order.base_state is OrderState.AWAITING_APPROVAL:
        st = evolve(st, order=with_base(st.order, settle(ctx, st)))
    return st


def _reply(ctx: Ctx, st: RunState, item: Pending, seq: int, seen: Seen) -> RunState:
    """The customer's reply to a confirmation arrives."""
    conf = next(c for c in st.confirmations if c.id == item.ref)
    conf = replace(
        conf,
        reply=conf.planned_reply,
        reply_text=conf.planned_text,
        replied_at=item.due,
        replied_seq=seq,
    )
    st = evolve(
        st,
        confirmations=tuple(conf if c.id == conf.id else c for c in st.confirmations),
        amended=st.amended or conf.reply == "amended",
    )
    seen.append(
        {
            "kind": "customer_reply",
            "at": item.due,
            "confirmation_id": conf.id,
            "reply": conf.reply,
            "text": conf.reply_text,
        }
    )
    if st.order.base_state is OrderState.AWAITING_CUSTOMER:
        ok = conf.reply == "accepted" and conf.revision == st.order.revision
        order = with_base(st.order, OrderState.CONFIRMED if ok else settle(ctx, st))
        if ok and not order.number:
            order = replace(order, number=order_number(ctx))
        st = evolve(st, order=order)
    return st


def order_number(ctx: Ctx) -> str:
    """The sales-order number, given once the customer has confirmed."""
    return f"SO-{ctx.scenario.seed % 100000:05d}"


def _event(ctx: Ctx, st: RunState, item: Pending, seq: int, seen: Seen) -> RunState:
    """A scheduled scenario event (supplier delay, customer query) happens."""
    ev = next(e for e in ctx.scenario.events if e.id == item.ref)
    st = receive(
        st,
        seq,
        seen,
        notice(
            item.due,
            ev.kind,
            ev.message,
            follow=ev.needs_follow_up,
            sla=ev.sla_minutes,
            clause=ev.clause,
            keys=ev.key_facts,
            source=ev.id,
        ),
    )
    if ev.kind != "supplier_delay":
        return st
    if ev.data.get("variant") == "courier":
        st = express_credit(ctx, st, item.due, seq, seen)
    return replan(ctx, evolve(st, supply=_delayed(st.supply, ev.data)))


def _stage(ctx: Ctx, st: RunState, item: Pending, seq: int, seen: Seen) -> RunState:
    """The warehouse picks a shipment, or hands it to the carrier."""
    order = st.submitted or st.order
    what = ", ".join(
        f"{q} x {ln.code}"
        for lid, q in item.data["lines"]
        if (ln := order.line(int(lid))) is not None
    )
    stage = str(item.data["stage"])
    text = (
        f"Warehouse: picked {what} for order {order.number}."
        if stage == "picked"
        else f"Warehouse: {what} dispatched with the carrier for order {order.number}."
    )
    return receive(st, seq, seen, notice(item.due, stage, text))


def _delayed(supply: Supply, data: Mapping[str, str | int]) -> Supply:
    """Supply after a supplier, workshop or courier delay."""
    variant, code, day = (
        data.get("variant"),
        str(data.get("code", "")),
        int(data["new_day"]),
    )
    if variant == "incoming":
        return replace(supply, incoming={**supply.incoming, code: day})
    if variant == "production":
        return replace(supply, mto={**supply.mto, code: day})
    return replace(supply, courier_day=day)


def replan(ctx: Ctx, st: RunState) -> RunState:
    """Replace the pending deliveries with a fresh plan."""
    keep = tuple(p for p in st.pending if p.kind not in ("delivery", "late", "stage"))
    pending, supply, _ = plan(ctx, st, st.submitted or st.order)
    return evolve(st, pending=keep + pending, supply=supply)


APPLY = {
    "approval": _approval,
    "reply": _reply,
    "event": _event,
    "delivery": deliver,
    "late": late_notice,
    "chase": chase,
    "stage": _stage,
}
# Kinds that wait while the order is on hold: nothing leaves the warehouse.
HELD_KINDS = frozenset({"delivery", "stage"})
