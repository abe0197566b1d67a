"""Complications after submission: supplier delay and delivery problems or queries."""

from __future__ import annotations

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain.clock import date_of_day, long_date
from portfolio.simulator.domain.company.catalogue import Incoming, ProductKind
from portfolio.simulator.domain.scenarios.complications.shared import (
    note_complication as _facts,
)
from portfolio.simulator.domain.scenarios.complications.shared import (
    require_issue as _issue,
)
from portfolio.simulator.domain.scenarios.complications.shared import weekday
from portfolio.simulator.domain.scenarios.draft import Draft, is_stock_item
from portfolio.simulator.domain.scenarios.model import ScheduledEvent
from portfolio.simulator.domain.scenarios.word_pools import SUPPLIERS


def sla_minutes(d: Draft, name: str) -> int:
    """Follow-up time limit for an event, from policy 8.1."""
    hours = "urgent_hours" if d.type is OrderType.URGENT else name
    return d.company.policy.integer("follow_up_sla", hours) * 60


def _event(
    d: Draft,
    kind: str,
    trigger: str,
    offset: int,
    message: str,
    sla: str,
    keys: tuple[str, ...],
    **data: str | int,
) -> None:
    """Schedule an event that needs a follow-up."""
    d.events.append(
        ScheduledEvent(
            f"EV{len(d.events) + 1}",
            kind,
            trigger,
            offset,
            message,
            True,
            sla_minutes(d, sla),
            d.company.policy.ref("follow_up_sla"),
            keys,
            dict(data),
        )
    )


def claim_delay(d: Draft, variant: str) -> None:
    """Claim the line that depends on incoming stock (standard orders)."""
    if variant == "incoming":
        d.claim("supplier_delay", is_stock_item)


def apply_delay(d: Draft, variant: str) -> None:
    """After submission the supplier (or maker, or courier) pushes the delivery back."""
    code, new_day, what = DELAYS[variant](d)
    new = date_of_day(d.start, new_day)
    old = long_date(date_of_day(d.start, d.requested_day))
    message = f"{what}. Delivery will now be on {long_date(new)}, not {old}."
    keys = tuple(k for k in (code, new.isoformat()) if k)
    _event(
        d,
        "supplier_delay",
        "after_submit",
        d.rng.randint(60, 150),
        message,
        "supplier_delay_hours",
        keys,
        variant=variant,
        code=code,
        new_day=new_day,
    )
    summary = f"after submission the delivery slips to {long_date(new)}"
    handling = (
        "log the issue, phone the customer within the time limit with the new "
        "date, record the follow-up with a next action, close once delivered"
    )
    _facts(d, "supplier_delay", variant, summary, handling, "follow_up_sla", *keys)
    _issue(d, "supplier_delay", "supplier_delay")


def _incoming(d: Draft) -> tuple[str, int, str]:
    """The line waits for a purchase order that the supplier then delays."""
    line = d.claimed("supplier_delay")
    free = d.rng.randint(0, line.qty - 1)
    due = d.rng.randint(1, max(1, d.brief_day - 1))
    extra = d.rng.randint(2, 12)
    d.set_stock(line.code, free, (Incoming(line.qty - free + extra, due),))
    new_day = weekday(d, d.requested_day + d.rng.randint(3, 6))
    who = d.rng.choice(SUPPLIERS)
    return (
        line.code,
        new_day,
        (f"{who} has delayed the purchase order for {line.qty - free} x {line.code}"),
    )


def _production(d: Draft) -> tuple[str, int, str]:
    """The workshop making the bespoke item runs late."""
    code = next(
        ln.code
        for ln in d.lines
        if d.product(ln.code).kind is ProductKind.MADE_TO_ORDER
    )
    new_day = weekday(d, d.requested_day + d.rng.randint(4, 8))
    return code, new_day, f"The workshop has a machine fault: {code} will be late"


def _courier(d: Draft) -> tuple[str, int, str]:
    """The express courier cannot deliver tomorrow."""
    new_day = weekday(d, d.requested_day + 1)
    return "", new_day, "The express courier has had a vehicle breakdown at the hub"


DELAYS = {"incoming": _incoming, "production": _production, "courier": _courier}


def claim_query(d: Draft, variant: str) -> None:
    """Claim a line big enough to be short-delivered."""
    if variant == "short_delivery":
        line = d.claim("delivery_query", is_stock_item)
        product = d.product(line.code)
        line.qty = max(line.qty, 2 * product.pack_size, product.min_qty)


def apply_query(d: Draft, variant: str) -> None:
    """A short delivery, or a customer query after submission."""
    summary, issue, keys = _short(d) if variant == "short_delivery" else _query(d)
    handling = (
        "log the issue, contact the customer within the time limit and record "
        "the follow-up with its outcome and next action"
    )
    _facts(d, "delivery_query", variant, summary, handling, "follow_up_sla", *keys)
    _issue(d, issue, "delivery_query")


def _short(d: Draft) -> tuple[str, str, tuple[str, ...]]:
    """Some of one line is damaged at loading and follows two days later."""
    line = d.claimed("delivery_query")
    pack = d.product(line.code).pack_size
    short = pack * d.rng.randint(1, max(1, min(3, line.qty // pack - 1)))
    message = (
        f"Warehouse: {short} x {line.code} were damaged at loading and held "
        "back; replacements follow in two days."
    )
    keys = (line.code, str(short))
    _event(
        d,
        "partial_delivery",
        "at_delivery",
        0,
        message,
        "partial_delivery_hours",
        keys,
        code=line.code,
        short_qty=short,
        days=2,
    )
    return (
        f"{short} x {line.code} are short-delivered and follow two days later",
        "delivery_problem",
        keys,
    )


def _query(d: Draft) -> tuple[str, str, tuple[str, ...]]:
    """The customer emails a question after the order is submitted."""
    message, keys = _query_text(d)
    _event(
        d,
        "customer_query",
        "after_submit",
        d.rng.randint(150, 300),
        message,
        "customer_query_hours",
        keys,
    )
    return (
        "the customer sends a query about the order after it is submitted",
        "customer_query",
        keys,
    )


def _query_text(d: Draft) -> tuple[str, tuple[str, ...]]:
    """What the customer asks, and the fact a good reply record mentions."""
    first = d.contact.name.split()[0]
    when = date_of_day(d.start, d.requested_day)
    options = [
        (
            f"Email from {d.contact.name}: 'Can you confirm the delivery date for our "
            f"order, and ask the driver to ring {first} half an hour before arriving?'",
            (when.isoformat(),),
        )
    ]
    if d.customer_ref:
        options.append(
            (
                f"Email from {d.contact.name}: 'Will our PO number {d.customer_ref} "
                "be on the invoice? Our accounts team won't pay without it.'",
                (d.customer_ref,),
            )
        )
    return d.rng.choice(options)
