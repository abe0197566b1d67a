"""Stock as a run sees it, stock checks, and the earliest date a line can arrive."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from portfolio.simulator.domain.clock import long_date
from portfolio.simulator.domain.company.catalogue import (
    Incoming,
    Product,
    ProductKind,
    Stock,
)
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.records import StockCheck
from portfolio.simulator.domain.engine.run_state import RunState, Supply
from portfolio.simulator.domain.order.model import Order, OrderLine, Priority

BACKORDER_DAYS = 21


def run_stock(ctx: Ctx, st: RunState, code: str) -> Stock:
    """Stock of ``code`` now: arrivals folded into on hand, our allocations reserved."""
    base = ctx.base_stock(code)
    incoming = _incoming(base, st.supply, code)
    today = ctx.day(st.clock)
    arrived = sum(i.qty for i in incoming if i.in_days <= today)
    later = tuple(i for i in incoming if i.in_days > today)
    on_hand = base.on_hand + arrived - st.shipped.get(code, 0)
    return Stock(on_hand, base.reserved + st.allocated.get(code, 0), later)


def _incoming(base: Stock, supply: Supply, code: str) -> tuple[Incoming, ...]:
    """Incoming deliveries after supplier delays and back-orders raised by this run."""
    moved = supply.incoming.get(code)
    items = tuple(
        Incoming(i.qty, max(i.in_days, moved)) if moved is not None else i
        for i in base.incoming
    )
    extra = supply.backorder.get(code)
    if extra:
        items += (Incoming(extra[0], extra[1]),)
    return items


def first_day(ctx: Ctx, st: RunState, order: Order, product: Product) -> int:
    """Earliest delivery day from stock on hand (urgent: next day by cut-off)."""
    today = ctx.day(st.clock)
    if order.priority is Priority.URGENT:
        late = ctx.time_of_day(st.clock) >= ctx.cutoff()
        return today + (2 if late else 1)
    return today + product.lead_time_days


def made_ready_day(ctx: Ctx, st: RunState, product: Product) -> int:
    """The day a made-to-order product is ready (after any workshop delay)."""
    return st.supply.mto.get(product.code, ctx.day(st.clock) + product.lead_time_days)


def earliest_day(ctx: Ctx, st: RunState, order: Order, line: OrderLine) -> int | None:
    """Earliest day the line can arrive (its first part, if part delivery is agreed)."""
    product = ctx.product(line.code)
    if product is None or product.kind is ProductKind.SERVICE:
        return None
    if product.kind is ProductKind.MADE_TO_ORDER:
        return made_ready_day(ctx, st, product)
    today = ctx.day(st.clock)
    stock = run_stock(ctx, st, line.code)
    first = first_day(ctx, st, order, product)
    if stock.free_now >= line.qty or (order.part_delivery and stock.free_now > 0):
        return first
    cover = stock.first_day_covering(line.qty, today)
    return (
        None
        if cover is None
        else max(first, cover + (1 if order.priority is Priority.URGENT else 0))
    )


def check_line(ctx: Ctx, st: RunState, order: Order, line: OrderLine) -> dict[str, Any]:
    """What a stock check of ``line`` shows."""
    product = ctx.product(line.code)
    base = {
        "line_id": line.line_id,
        "code": line.code,
        "qty": line.qty,
        "requested_date": order.requested_date,
        "priority": order.priority.value,
    }
    if product is None:  # lines are only ever entered for catalogue products
        return base | {
            "outcome": "unknown_product",
            "message": f"There is no product with code {line.code}.",
        }
    if product.kind is ProductKind.SERVICE:
        return base | {
            "outcome": "not_stocked",
            "message": f"{line.code} is a service: nothing to check.",
        }
    if product.kind is ProductKind.MADE_TO_ORDER:
        return base | _made(ctx, st, order, product)
    return base | _stocked(ctx, st, order, line)


def _made(ctx: Ctx, st: RunState, order: Order, product: Product) -> dict[str, Any]:
    """Lead-time check of a made-to-order line."""
    ready = made_ready_day(ctx, st, product)
    when = ctx.date(ready)
    ok = order.requested_date is None or ctx.day_of_date(order.requested_date) >= ready
    return {
        "outcome": "made_to_order" if ok else "too_soon",
        "lead_time_days": product.lead_time_days,
        "earliest_date": when.isoformat(),
        "message": f"Made to order: {product.lead_time_days} days' production, "
        "earliest "
        f"delivery {long_date(when)}.",
    }


def _stocked(ctx: Ctx, st: RunState, order: Order, line: OrderLine) -> dict[str, Any]:
    """Availability of a stock line now and at the requested date."""
    stock = run_stock(ctx, st, line.code)
    urgent = order.priority is Priority.URGENT
    rday = ctx.day_of_date(order.requested_date) if order.requested_date else None
    at_date = stock.free_now if urgent or rday is None else stock.forecast_at(rday)
    if stock.free_now >= line.qty:
        outcome = "available"
    elif at_date >= line.qty:
        outcome = "available_by_date"
    else:
        outcome = "short"
    soonest = earliest_day(ctx, st, replace(order, part_delivery=False), line)
    incoming = [
        {"qty": i.qty, "date": ctx.date(i.in_days).isoformat()} for i in stock.incoming
    ]
    return {
        "outcome": outcome,
        "on_hand": stock.on_hand,
        "reserved": stock.reserved,
        "free_now": stock.free_now,
        "incoming": incoming,
        "available_at_date": at_date,
        "only_stock_on_hand_counts": urgent,
        "earliest_full_date": ctx.date(soonest).isoformat()
        if soonest is not None
        else None,
        "message": _message(
            ctx, line, outcome, stock.free_now, at_date, soonest, urgent
        ),
    }


def _message(
    ctx: Ctx,
    line: OrderLine,
    outcome: str,
    free: int,
    at_date: int,
    soonest: int | None,
    urgent: bool,
) -> str:
    """Plain-English summary of a stock check."""
    if outcome == "available":
        return f"{free} free now: enough for {line.qty} x {line.code}."
    if outcome == "available_by_date":
        return (
            f"Only {free} free now, but {at_date} will be free by the requested date "
            f"(incoming stock): enough for {line.qty}."
        )
    rule = " Urgent order: only stock on hand counts." if urgent else ""
    when = (
        f" All {line.qty} could be delivered from {long_date(ctx.date(soonest))}."
        if soonest is not None
        else " No incoming stock covers it."
    )
    short = f"Short: only {at_date} of {line.qty} x {line.code} available by the date."
    return f"{short}{rule}{when}"


def latest_check(st: RunState, order: Order, line: OrderLine) -> StockCheck | None:
    """The newest stock check whose basis matches the line as it stands."""
    basis = (
        line.line_id,
        line.code,
        line.qty,
        order.requested_date,
        order.priority.value,
    )
    return next((c for c in reversed(st.checks) if c.basis() == basis), None)


def current_check(
    ctx: Ctx,
    st: RunState,
    order: Order,
    line: OrderLine,
    before_seq: int | None = None,
    now: int | None = None,
) -> StockCheck | None:
    """A matching stock check made before ``before_seq`` and still valid at ``now``."""
    valid = ctx.policy.integer("stock_check", "valid_hours") * 60
    basis = (
        line.line_id,
        line.code,
        line.qty,
        order.requested_date,
        order.priority.value,
    )
    now = st.clock if now is None else now
    for c in reversed(st.checks):
        if before_seq is not None and c.seq >= before_seq:
            continue
        if c.basis() == basis:
            return c if now - c.at <= valid else None
    return None
