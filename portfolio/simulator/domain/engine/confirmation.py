"""The confirmation the learner sends: composed from the order, never typed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from portfolio.simulator.domain.clock import long_date
from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.company.crm import Contact
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.money import gbp, pct_text, pennies
from portfolio.simulator.domain.order.model import (
    Order,
    OrderLine,
    Priority,
    line_net,
    snapshot,
    totals,
)
from portfolio.simulator.domain.scenarios.facts import option_text


def content(ctx: Ctx, order: Order, to: Contact) -> dict[str, Any]:
    """The confirmation's content: order snapshot, totals, terms and email text."""
    sums = totals(ctx.company, order.lines)
    terms = _terms(ctx, order)
    return {
        "number": order.number,
        "order": snapshot(order),
        "to": {"id": to.id, "name": to.name, "email": to.email},
        "totals": {
            "net": str(sums.net),
            "vat": str(sums.vat),
            "gross": str(sums.gross),
        },
        "terms": terms,
        "text": _text(ctx, order, to, terms),
    }


def _terms(ctx: Ctx, order: Order) -> list[str]:
    """Terms the policy requires the confirmation to state."""
    terms: list[str] = []
    made = [
        ln
        for ln in order.lines
        if (p := ctx.product(ln.code)) and p.kind is ProductKind.MADE_TO_ORDER
    ]
    if made:
        pct = ctx.policy.number("bespoke_deposit", "deposit_pct")
        value = totals(ctx.company, tuple(made)).gross
        terms.append(
            f"Made-to-order items need a deposit of {pct_text(pct)}% "
            f"({gbp(pennies(value * pct / Decimal(100)))}) before production starts. "
            "Your acceptance of this "
            "confirmation signs off the specification."
        )
        terms.append(
            "Made-to-order items cannot be cancelled or returned once the order is "
            "submitted."
        )
    if order.priority is Priority.URGENT:
        terms.append(
            f"Urgent order: dispatched the same day if submitted by "
            f"{ctx.policy.text('urgent_cutoff', 'cutoff')} for next-day delivery."
        )
    if order.part_delivery:
        terms.append(
            "Part delivery agreed: items in stock are sent first and the balance "
            "follows as soon as it arrives."
        )
    return terms


def _text(ctx: Ctx, order: Order, to: Contact, terms: list[str]) -> str:
    """The confirmation email as the customer reads it."""
    customer = ctx.customer(order.account)
    sums = totals(ctx.company, order.lines)
    when = (
        long_date(date.fromisoformat(order.requested_date))
        if order.requested_date
        else "-"
    )
    rows = [_row(ctx, ln) for ln in order.lines]
    lines = [
        f"Dear {to.name},",
        "",
        "Please check the details of your order for "
        f"{customer.company if customer else '-'}"
        f" (account {order.account}) and reply to confirm they are correct.",
        *([f"Our order number: {order.number}"] if order.number else []),
        "",
        *rows,
        "",
        f"Net {gbp(sums.net)}   VAT {gbp(sums.vat)}   Total {gbp(sums.gross)}",
        "",
        f"Deliver to: {order.delivery.one_line() if order.delivery else '-'}",
        f"Delivery by: {when}",
        f"Your reference: {order.customer_ref or '-'}",
        f"Delivery instructions: {order.instructions or '-'}",
        f"Payment terms: {customer.payment_terms if customer else '-'}",
        *terms,
        "",
        "Kind regards,",
        ctx.policy.company or "Sales team",
    ]
    return "\n".join(lines)


def _row(ctx: Ctx, line: OrderLine) -> str:
    """One order line in the confirmation."""
    product = ctx.product(line.code)
    name = product.name if product else line.code
    spec = (
        f" ({option_text(product, line.options)})" if product and line.options else ""
    )
    disc = f" less {pct_text(line.discount_pct)}%" if line.discount_pct else ""
    return (
        f"{line.qty} x {line.code} {name}{spec} at {gbp(line.unit_price)}{disc} = "
        f"{gbp(line_net(line))}"
    )
