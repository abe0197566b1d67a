"""Warnings on the order screen: fixed, or acknowledged with a reason."""

from __future__ import annotations

from dataclasses import dataclass

from portfolio.simulator.domain.approvals import discount_limits
from portfolio.simulator.domain.catalogue import ProductKind
from portfolio.simulator.domain.context import Ctx
from portfolio.simulator.domain.crm import AccountStatus
from portfolio.simulator.domain.money import pct_text
from portfolio.simulator.domain.order import Order, OrderLine
from portfolio.simulator.domain.runstate import RunState
from portfolio.simulator.domain.stock import earliest_day, latest_check


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


def _header(ctx: Ctx, order: Order) -> list[Warning]:
    """Account, contact and address warnings."""
    out: list[Warning] = []
    ref = ctx.policy.ref
    customer = ctx.customer(order.account)
    if customer and customer.status is AccountStatus.ON_STOP:
        out.append(
            Warning(
                f"credit:stop:{customer.account}",
                "credit",
                f"Account {customer.account} is ON STOP: no order may be confirmed "
                "or submitted without credit control's approval.",
                ref("credit_on_stop"),
                False,
            )
        )
    contact = customer.contact(order.contact_id) if customer else None
    if contact and not contact.may_order:
        out.append(
            Warning(
                f"contact:{contact.id}",
                "contact_not_authorised",
                f"{contact.name} is not authorised to place orders for this account.",
                ref("authorised_contacts"),
                True,
            )
        )
    if order.delivery and not order.delivery.id:
        out.append(
            Warning(
                f"address:{order.delivery.key()[1]}:{order.delivery.key()[0]}",
                "address_not_on_file",
                f"The delivery address ({order.delivery.postcode}) is not one held "
                "in the CRM for this customer.",
                ref("delivery_address"),
                True,
            )
        )
    return out


def _line(ctx: Ctx, st: RunState, order: Order, line: OrderLine) -> list[Warning]:
    """Warnings about one line."""
    product = ctx.product(line.code)
    if product is None:
        return []
    out: list[Warning] = []
    ref, lid = ctx.policy.ref, line.line_id
    if product.discontinued:
        repl = f", replaced by {product.replaced_by}" if product.replaced_by else ""
        out.append(
            Warning(
                f"discontinued:{lid}:{line.code}",
                "discontinued",
                f"Line {lid}: {line.code} is discontinued{repl}.",
                ref("product_codes"),
                False,
            )
        )
    listed = product.price_for(line.options)
    if line.unit_price != listed:
        out.append(
            Warning(
                f"price:{lid}:{line.code}:{line.unit_price}",
                "price_override",
                f"Line {lid}: unit price £{line.unit_price} differs from the list "
                f"price £{listed}.",
                ref("list_price"),
                True,
            )
        )
    own = discount_limits(ctx.company)[0]
    if line.discount_pct > own:
        out.append(
            Warning(
                f"discount:{lid}:{line.code}:{line.discount_pct}",
                "discount",
                f"Line {lid}: {pct_text(line.discount_pct)}% is over your "
                f"{pct_text(own)}% authority and needs approval.",
                ref("approval_requests"),
                False,
            )
        )
    out += _stock_warnings(ctx, st, order, line)
    return out


def _stock_warnings(
    ctx: Ctx, st: RunState, order: Order, line: OrderLine
) -> list[Warning]:
    """A short stock check, or a requested date before the earliest possible date."""
    product = ctx.product(line.code)
    if product is None or product.kind is ProductKind.SERVICE:
        return []
    out: list[Warning] = []
    basis = (
        f"{line.line_id}:{line.code}:{line.qty}:{order.requested_date}:{order.priority}"
    )
    check = latest_check(st, order, line)
    if check is not None and check.outcome in ("short", "too_soon"):
        out.append(
            Warning(
                f"stock:{basis}",
                "stock_short",
                f"Line {line.line_id}: {check.result.get('message', 'short')}",
                ctx.policy.ref("stock_shortage"),
                True,
            )
        )
    soonest = earliest_day(ctx, st, order, line)
    if order.requested_date and (
        soonest is None or ctx.day_of_date(order.requested_date) < soonest
    ):
        when = ctx.date(soonest).isoformat() if soonest is not None else "unknown"
        out.append(
            Warning(
                f"date:{basis}:{order.part_delivery}",
                "date_too_soon",
                f"Line {line.line_id}: the requested date {order.requested_date} is "
                f"before the earliest possible delivery ({when}).",
                ctx.policy.ref("lead_times"),
                True,
            )
        )
    return out
