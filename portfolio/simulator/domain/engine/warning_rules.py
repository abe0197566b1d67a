"""Warnings on the order screen: fixed, or acknowledged with a reason."""

from __future__ import annotations

import re
from dataclasses import dataclass

from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.company.crm import AccountStatus
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.run_state import RunState
from portfolio.simulator.domain.engine.stock import earliest_day, latest_check
from portfolio.simulator.domain.money import pct_text
from portfolio.simulator.domain.order.approvals import discount_limits
from portfolio.simulator.domain.order.model import Order, OrderLine


@dataclass(frozen=True)
class Warning:
    """One warning; ``key`` changes whenever the condition's basis changes."""

    key: str
    code: str
    message: str
    clause: str
    ackable: bool


def current_warnings(ctx: Ctx, st: RunState) -> tuple[Warning, ...]:
    """Every warning that applies to the order as it stands."""
    order = st.order
    found: list[Warning] = []
    found += _header(ctx, order)
    for line in order.lines:
        found += _line(ctx, st, order, line)
    return tuple(found)


# (applies, key, code, text, clause key, ackable)
Spec = tuple[bool, str, str, str, str, bool]


def _made(ctx: Ctx, specs: list[Spec]) -> list[Warning]:
    """The warnings whose conditions apply."""
    return [
        Warning(key, code, text, ctx.policy.ref(clause), ackable)
        for applies, key, code, text, clause, ackable in specs
        if applies
    ]


def _header(ctx: Ctx, order: Order) -> list[Warning]:
    """Account, contact and address warnings."""
    customer = ctx.customer(order.account)
    contact = customer.contact(order.contact_id) if customer else None
    addr = order.delivery
    return _made(
        ctx,
        [
            (
                bool(customer and customer.status is AccountStatus.ON_STOP),
                f"credit:stop:{order.account}",
                "credit",
                f"Account {order.account} is ON STOP: no order may be confirmed or "
                "submitted without credit control's approval.",
                "credit_on_stop",
                False,
            ),
            (
                bool(contact and not contact.may_order),
                f"contact:{order.contact_id}",
                "contact_not_authorised",
                f"{contact.name if contact else ''} is not authorised to place orders "
                "for this account.",
                "authorised_contacts",
                True,
            ),
            (
                bool(addr and not addr.id),
                f"address:{addr.key()[1]}:{addr.key()[0]}" if addr else "",
                "address_not_on_file",
                f"The delivery address ({addr.postcode if addr else ''}) is not one "
                "held in the CRM for this customer.",
                "delivery_address",
                True,
            ),
        ],
    )


def _line(ctx: Ctx, st: RunState, order: Order, line: OrderLine) -> list[Warning]:
    """Discontinued product, price override, discount over authority, stock, dates."""
    product = ctx.product(line.code)
    if product is None:
        return []
    lid, listed = line.line_id, product.price_for(line.options)
    own = discount_limits(ctx.company)[0]
    repl = f", replaced by {product.replaced_by}" if product.replaced_by else ""
    return _made(
        ctx,
        [
            (
                product.discontinued,
                f"discontinued:{lid}:{line.code}",
                "discontinued",
                f"Line {lid}: {line.code} is discontinued{repl}.",
                "product_codes",
                False,
            ),
            (
                line.unit_price != listed,
                f"price:{lid}:{line.code}:{line.unit_price}",
                "price_override",
                f"Line {lid}: unit price £{line.unit_price} differs from "
                f"the list price £{listed}.",
                "list_price",
                True,
            ),
            (
                line.discount_pct > own,
                f"discount:{lid}:{line.code}:{line.discount_pct}",
                "discount",
                f"Line {lid}: {pct_text(line.discount_pct)}% is over your "
                f"{pct_text(own)}% authority and needs approval.",
                "approval_requests",
                False,
            ),
        ],
    ) + _stock_warnings(ctx, st, order, line)


def _stock_warnings(
    ctx: Ctx, st: RunState, order: Order, line: OrderLine
) -> list[Warning]:
    """A short stock check, or a requested date before the earliest possible date."""
    product = ctx.product(line.code)
    if product is None or product.kind is ProductKind.SERVICE:
        return []
    if st.submitted is not None:
        # Once placed, the order's own allocation and the passing days would make
        # it "short" against itself: the warehouse's notices take over from here.
        return []
    basis = f"{line.line_id}:{line.code}:{line.qty}:{order.requested_date}:"
    basis += order.priority.value
    check = latest_check(st, order, line)
    soonest = earliest_day(ctx, st, order, line)
    wanted = ctx.day_of_date(order.requested_date) if order.requested_date else None
    when = ctx.date(soonest).isoformat() if soonest is not None else "unknown"
    return _made(
        ctx,
        [
            (
                check is not None and check.outcome in ("short", "too_soon"),
                f"stock:{basis}",
                "stock_short",
                f"Line {line.line_id}: "
                f"{check.result.get('message', 'short') if check else ''}",
                "stock_shortage",
                True,
            ),
            (
                wanted is not None and (soonest is None or wanted < soonest),
                f"date:{basis}:{order.part_delivery}",
                "date_too_soon",
                f"Line {line.line_id}: the requested date {order.requested_date} is "
                f"before the earliest possible delivery ({when}).",
                "lead_times",
                True,
            ),
        ],
    )


# Words that name what each kind of warning is about.
SUBJECT_WORDS: dict[str, tuple[str, ...]] = {
    "contact_not_authorised": ("authoris", "authoriz", "permission", "allowed"),
    "address_not_on_file": ("address", "postcode", "site", "deliver"),
    "price_override": ("price", "£"),
    "stock_short": ("stock", "short", "backorder", "back order", "part", "balance"),
    "date_too_soon": ("date", "deliver", "lead time", "arrive", "later"),
}
MIN_REASON_CHARS = 12
_CODE = re.compile(r"\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")


def subject_terms(w: Warning) -> tuple[str, ...]:
    """Words any of which a reason must contain to name the warning's subject."""
    named = _CODE.findall(w.message) + _POSTCODE.findall(w.message)
    if w.code == "contact_not_authorised":
        named.append(w.message.split(" is not authorised")[0].split()[-1])
    return (*SUBJECT_WORDS.get(w.code, ()), *named)


def names_subject(w: Warning, reason: str) -> bool:
    """Whether an override reason says what was checked (a bare "ok" does not)."""
    text = reason.strip().casefold()
    if len(text) < MIN_REASON_CHARS:
        return False
    return any(t.casefold() in text for t in subject_terms(w) if t)
