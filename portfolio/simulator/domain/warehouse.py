"""The warehouse and suppliers: delivery plans, deliveries, delays and late notices."""

from __future__ import annotations

from datetime import time
from typing import Any

from portfolio.simulator.domain.catalogue import ProductKind, Stock
from portfolio.simulator.domain.context import Ctx
from portfolio.simulator.domain.order import Order, OrderLine
from portfolio.simulator.domain.records import Pending
from portfolio.simulator.domain.runstate import RunState, evolve
from portfolio.simulator.domain.stock import BACKORDER_DAYS, first_day, run_stock

DELIVERY_TIME = time(10, 0)
Part = tuple[int, int, int, str]  # (day, line_id, qty, short-delivery event id)
AFTER = "after:"  # marks the replacement part of a short delivery


def _short_event(ctx: Ctx, st: RunState, code: str) -> Any:
    """The scenario's short-delivery event for ``code``, unless it has happened."""
    done = st.supply.get("short_done", [])
    return next(
        (
            e
            for e in ctx.scenario.events
            if e.trigger == "at_delivery"
            and e.data.get("code") == code
            and e.id not in done
        ),
        None,
    )


def _line_parts(
    ctx: Ctx,
    st: RunState,
    order: Order,
    line: OrderLine,
    qty: int,
    supply: dict[str, Any],
) -> list[Part]:
    """When the remaining ``qty`` of one line can be delivered."""
    product = ctx.product(line.code)
    assert product is not None
    today = ctx.day(st.clock)
    rday = ctx.day_of_date(order.requested_date) if order.requested_date else today
    if product.kind is ProductKind.MADE_TO_ORDER:
        ready = supply["mto"].setdefault(line.code, today + product.lead_time_days)
        return [(max(rday, ready), line.line_id, qty, "")]
    stock = run_stock(ctx, evolve(st, supply=supply), line.code)
    mine = st.allocated.get(line.code, 0)
    view = Stock(stock.on_hand, stock.reserved - mine, stock.incoming)
    first = max(rday, first_day(ctx, st, order, product))
    if view.free_now >= qty:
        return _split(ctx, st, line, [(first, qty)])
    cover = view.first_day_covering(qty, today)
    if cover is None:
        cover = today + BACKORDER_DAYS
        supply["backorder"][line.code] = [qty, cover]
    if order.part_delivery and view.free_now > 0:
        later: Part = (max(first, cover), line.line_id, qty - view.free_now, "")
        return _split(ctx, st, line, [(first, view.free_now)]) + [later]
    return _split(ctx, st, line, [(max(first, cover), qty)])


def _split(
    ctx: Ctx, st: RunState, line: OrderLine, days: list[tuple[int, int]]
) -> list[Part]:
    """Apply the scenario's short delivery to the first shipment of the line."""
    parts: list[Part] = [(d, line.line_id, q, "") for d, q in days]
    event = _short_event(ctx, st, line.code)
    if event is None:
        return parts
    day, lid, qty, _ = parts[0]
    short = int(event.data["short_qty"])
    if qty <= short:
        return parts
    follow = (day + int(event.data.get("days", 2)), lid, short, AFTER + event.id)
    return [(day, lid, qty - short, event.id), follow, *parts[1:]]


def plan(
    ctx: Ctx, st: RunState, order: Order
) -> tuple[tuple[Pending, ...], dict[str, Any], int]:
    """Deliveries for what is still to deliver; returns (pending, supply, last day)."""
    supply = {
        **st.supply,
        **{k: dict(st.supply.get(k, {})) for k in ("incoming", "mto", "backorder")},
    }
    parts: list[Part] = []
    for line in order.lines:
        product = ctx.product(line.code)
        left = line.qty - st.delivered.get(str(line.line_id), 0)
        if product and product.kind is not ProductKind.SERVICE and left > 0:
            parts += _line_parts(ctx, st, order, line, left, supply)
    floor = int(supply.get("courier_day", 0))
    parts = [(max(d, floor), lid, q, s) for d, lid, q, s in parts]
    planned = [d for d, _, _, s in parts if not s.startswith(AFTER)]
    last = max(planned, default=ctx.day(st.clock))
    if parts and not order.part_delivery:
        parts = [(d if s else last, lid, q, s) for d, lid, q, s in parts]
    return _group(ctx, st, parts), supply, last


def _group(ctx: Ctx, st: RunState, parts: list[Part]) -> tuple[Pending, ...]:
    """One pending delivery per day."""
    days: dict[int, list[Part]] = {}
    for part in sorted(parts):
        days.setdefault(part[0], []).append(part)
    out = []
    for day, group in sorted(days.items()):
        due = max(ctx.minute(day, DELIVERY_TIME), st.clock + 30)
        short = next((s for *_, s in group if s and not s.startswith(AFTER)), "")
        out.append(
            Pending(
                due,
                "delivery",
                f"D{day}",
                {"lines": [[lid, q] for _, lid, q, _ in group], "short": short},
            )
        )
    return tuple(out)
