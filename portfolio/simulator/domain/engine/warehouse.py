"""The warehouse and suppliers: delivery plans, deliveries, delays and late notices."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time, timedelta

from portfolio.simulator.domain.company.catalogue import ProductKind, Stock
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.records import Pending
from portfolio.simulator.domain.engine.run_state import RunState, Supply, evolve
from portfolio.simulator.domain.engine.stock import BACKORDER_DAYS, first_day, run_stock
from portfolio.simulator.domain.order.model import Order, OrderLine, Priority
from portfolio.simulator.domain.scenarios.model import ScheduledEvent

DELIVERY_TIME = time(10, 0)
Part = tuple[int, int, int, str]  # (day, line_id, qty, short-delivery event id)
AFTER = "after:"  # marks the replacement part of a short delivery


def _short_event(ctx: Ctx, st: RunState, code: str) -> ScheduledEvent | None:
    """The scenario's short-delivery event for ``code``, unless it has happened."""
    done = st.supply.short_done
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


@dataclass
class _Planning:
    """Production dates and back-orders decided while a delivery plan is made."""

    mto: dict[str, int]
    backorder: dict[str, tuple[int, int]]

    def supply(self, st: RunState) -> Supply:
        """The run's supply with what has been decided so far."""
        return replace(st.supply, mto=dict(self.mto), backorder=dict(self.backorder))


def _line_parts(
    ctx: Ctx, st: RunState, order: Order, line: OrderLine, qty: int, work: _Planning
) -> list[Part]:
    """When the remaining ``qty`` of one line can be delivered."""
    product = ctx.product(line.code)
    if product is None or product.kind is ProductKind.SERVICE:
        return []
    today = ctx.day(st.clock)
    rday = ctx.day_of_date(order.requested_date) if order.requested_date else today
    if product.kind is ProductKind.MADE_TO_ORDER:
        ready = work.mto.setdefault(line.code, today + product.lead_time_days)
        return [(max(rday, ready), line.line_id, qty, "")]
    stock = run_stock(ctx, evolve(st, supply=work.supply(st)), line.code)
    mine = st.allocated.get(line.code, 0)
    view = Stock(stock.on_hand, stock.reserved - mine, stock.incoming)
    first = max(rday, first_day(ctx, st, order, product))
    if view.free_now >= qty:
        return _split(ctx, st, line, [(first, qty)])
    cover = view.first_day_covering(qty, today)
    if cover is None:
        cover = today + BACKORDER_DAYS
        work.backorder[line.code] = (qty, cover)
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
) -> tuple[tuple[Pending, ...], Supply, int]:
    """Deliveries for what is still to deliver; returns (pending, supply, last day)."""
    work = _Planning(dict(st.supply.mto), dict(st.supply.backorder))
    parts: list[Part] = []
    for line in order.lines:
        left = line.qty - st.delivered.get(str(line.line_id), 0)
        if left > 0:
            parts += _line_parts(ctx, st, order, line, left, work)
    floor = st.supply.courier_day
    parts = [(max(d, floor), lid, q, s) for d, lid, q, s in parts]
    planned = [d for d, _, _, s in parts if not s.startswith(AFTER)]
    last = max(planned, default=ctx.day(st.clock))
    if parts and not order.part_delivery:
        parts = [(d if s else last, lid, q, s) for d, lid, q, s in parts]
    return _group(ctx, st, parts), work.supply(st), last


def _group(ctx: Ctx, st: RunState, parts: list[Part]) -> tuple[Pending, ...]:
    """One shipment per day: picked, dispatched, then delivered."""
    days: dict[int, list[Part]] = {}
    for part in sorted(parts):
        days.setdefault(part[0], []).append(part)
    out: list[Pending] = []
    for day, group in sorted(days.items()):
        due = max(ctx.minute(day, DELIVERY_TIME), st.clock + 30)
        picked, dispatched = _stages(ctx, st, day, due)
        short = next((s for *_, s in group if s and not s.startswith(AFTER)), "")
        lines = [[lid, q] for _, lid, q, _ in group]
        ref = f"D{day}"
        out += [
            Pending(picked, "stage", ref, {"stage": "picked", "lines": lines}),
            Pending(dispatched, "stage", ref, {"stage": "dispatched", "lines": lines}),
            Pending(
                due,
                "delivery",
                ref,
                {
                    "lines": lines,
                    "short": short,
                    "picked": picked,
                    "dispatched": dispatched,
                },
            ),
        ]
    return tuple(out)


def _stages(ctx: Ctx, st: RunState, day: int, due: int) -> tuple[int, int]:
    """When a shipment arriving on ``day`` is picked and handed to the carrier.

    The carrier's lead time counts back in working days from the delivery day
    (BusinessCalendar); goods go at the dispatch cut-off, picked in the morning.
    """
    cal = ctx.company.calendar
    urgent = (st.submitted or st.order).priority is Priority.URGENT
    when = ctx.date(day)
    for _ in range(cal.lead_days("next_day" if urgent else "standard")):
        when -= timedelta(days=1)
        while not cal.is_working_day(when):
            when -= timedelta(days=1)
    index = ctx.day_of_date(when.isoformat())
    picked = max(ctx.minute(index, cal.opening), st.clock + 5)
    dispatched = max(ctx.minute(index, cal.dispatch_cutoff), picked + 5)
    dispatched = min(dispatched, due - 1)
    return min(picked, dispatched - 1), dispatched
