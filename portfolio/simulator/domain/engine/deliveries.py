"""Submission and deliveries: allocate stock, ship, raise part and late notices."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from portfolio.simulator.domain.clock import long_date
from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.engine.consequences import wrong_goods
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.documents import delivery_note
from portfolio.simulator.domain.engine.inbox import Seen, notice, receive, sla
from portfolio.simulator.domain.engine.lifecycle import with_base
from portfolio.simulator.domain.engine.records import Pending
from portfolio.simulator.domain.engine.run_state import RunState, evolve
from portfolio.simulator.domain.engine.stock import run_stock
from portfolio.simulator.domain.engine.warehouse import plan
from portfolio.simulator.domain.order.model import Order
from portfolio.simulator.domain.order.state_machine import OrderState


def on_submit(ctx: Ctx, st: RunState) -> RunState:
    """Allocate free stock, plan deliveries, schedule events and any late notice."""
    order = st.order
    allocated = dict(st.allocated)
    for line in order.lines:
        product = ctx.product(line.code)
        if product and product.kind is ProductKind.STOCK:
            free = run_stock(ctx, evolve(st, allocated=allocated), line.code).free_now
            allocated[line.code] = allocated.get(line.code, 0) + min(free, line.qty)
    st = evolve(st, allocated=allocated)
    pending, supply, last = plan(ctx, st, order)
    extra = [
        Pending(st.clock + e.offset_minutes, "event", e.id)
        for e in ctx.scenario.events
        if e.trigger == "after_submit"
    ]
    if order.requested_date and last > ctx.day_of_date(order.requested_date):
        extra.append(Pending(st.clock + 60, "late", "late", {"day": last}))
    return evolve(st, pending=st.pending + pending + tuple(extra), supply=supply)


def _goods_left(ctx: Ctx, st: RunState, order: Order) -> list[tuple[str, int]]:
    """(code, quantity) still to deliver."""
    out = []
    for line in order.lines:
        product = ctx.product(line.code)
        left = line.qty - st.delivered.get(str(line.line_id), 0)
        if product and product.kind is not ProductKind.SERVICE and left > 0:
            out.append((line.code, left))
    return out


def deliver(ctx: Ctx, st: RunState, item: Pending, seq: int, seen: Seen) -> RunState:
    """A delivery arrives at the customer (what is not on hand follows a day later)."""
    order = st.submitted or st.order
    goods: list[tuple[str, int]] = []
    retry = []
    for lid, qty in item.data["lines"]:
        line = order.line(int(lid))
        if line is None:
            continue
        ship = _shippable(ctx, st, line.code, int(qty))
        if ship < int(qty):
            retry.append([lid, int(qty) - ship])
        if ship:
            st = _ship(ctx, st, line.line_id, line.code, ship)
            goods.append((line.code, ship))
    if retry:
        data = {"lines": retry, "short": ""}
        later = Pending(item.due + 1440, "delivery", item.ref, data)
        st = evolve(st, pending=st.pending + (later,))
    if not goods:
        return st
    st, note = delivery_note(
        ctx,
        st,
        item.due,
        goods,
        picked=item.data.get("picked"),
        dispatched=item.data.get("dispatched"),
    )
    sent = [f"{q} x {c}" for c, q in goods]
    return _after_delivery(ctx, st, item, seq, seen, sent, note.number)


def _ship(ctx: Ctx, st: RunState, line_id: int, code: str, qty: int) -> RunState:
    """Record ``qty`` of a line leaving the warehouse."""
    delivered = {**st.delivered, str(line_id): st.delivered.get(str(line_id), 0) + qty}
    if not _stocked(ctx, code):
        return evolve(st, delivered=delivered)
    shipped = {**st.shipped, code: st.shipped.get(code, 0) + qty}
    allocated = {**st.allocated, code: max(0, st.allocated.get(code, 0) - qty)}
    return evolve(st, shipped=shipped, allocated=allocated, delivered=delivered)


def _stocked(ctx: Ctx, code: str) -> bool:
    """Whether ``code`` ships from stock (made-to-order items do not)."""
    product = ctx.product(code)
    return product is not None and product.kind is ProductKind.STOCK


def _shippable(ctx: Ctx, st: RunState, code: str, qty: int) -> int:
    """How much of ``qty`` can leave the warehouse now."""
    if not _stocked(ctx, code):
        return qty
    return min(qty, max(0, run_stock(ctx, st, code).on_hand))


def _after_delivery(
    ctx: Ctx,
    st: RunState,
    item: Pending,
    seq: int,
    seen: Seen,
    sent: list[str],
    note: str,
) -> RunState:
    """Record the delivery and move the order on."""
    order = st.submitted or st.order
    left = _goods_left(ctx, st, order)
    what = ", ".join(sent) or "nothing"
    if not left:
        text = f"Delivered in full: {what} (delivery note {note})."
        st = receive(st, seq, seen, notice(item.due, "delivery", text))
        st = wrong_goods(ctx, st, item.due, seq, seen)
        return evolve(st, order=with_base(st.order, OrderState.DELIVERED))
    st = _part_delivered(
        ctx, st, item, seq, seen, f"{what} (delivery note {note})", left
    )
    return evolve(st, order=with_base(st.order, OrderState.PARTIALLY_DELIVERED))


def _part_delivered(
    ctx: Ctx,
    st: RunState,
    item: Pending,
    seq: int,
    seen: Seen,
    what: str,
    left: list[tuple[str, int]],
) -> RunState:
    """Tell the learner what came and what is still to come (and any short reason)."""
    order = st.submitted or st.order
    short = str(item.data.get("short", ""))
    ev = next((e for e in ctx.scenario.events if e.id == short), None)
    rest = ", ".join(f"{q} x {c}" for c, q in left)
    message = (
        ev.message + " " if ev else ""
    ) + f"Part delivery: {what}; still to come: {rest}."
    follow = ev is not None or not order.part_delivery
    keys = ev.key_facts if ev else tuple(c for c, _ in left)
    st = receive(
        st,
        seq,
        seen,
        notice(
            item.due,
            "partial_delivery",
            message,
            follow=follow,
            sla=sla(ctx, "partial_delivery_hours"),
            clause=ctx.policy.ref("follow_up_sla"),
            keys=keys,
            source=short,
            cause_seq=st.submitted_seq,
        ),
    )
    if ev:
        done = (*st.supply.short_done, ev.id)
        st = evolve(st, supply=replace(st.supply, short_done=done))
    return st


def late_notice(
    ctx: Ctx, st: RunState, item: Pending, seq: int, seen: Seen
) -> RunState:
    """The warehouse reports that the order cannot arrive by the requested date."""
    order = st.submitted or st.order
    left = _goods_left(ctx, st, order)
    if not left:
        return st
    when = ctx.date(int(item.data["day"]))
    asked = (
        long_date(date.fromisoformat(order.requested_date))
        if order.requested_date
        else "the date asked"
    )
    codes = ", ".join(f"{q} x {c}" for c, q in left)
    message = (
        f"Warehouse: this order cannot be delivered by {asked}; "
        f"{codes} will arrive by {long_date(when)}."
    )
    keys = (*(c for c, _ in left), when.isoformat())
    return receive(
        st,
        seq,
        seen,
        notice(
            item.due,
            "late_delivery",
            message,
            follow=True,
            sla=sla(ctx, "late_delivery_hours"),
            clause=ctx.policy.ref("follow_up_sla"),
            keys=keys,
            cause_seq=st.submitted_seq,
        ),
    )
