"""Handlers that edit the order: header and lines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from portfolio.simulator.domain.company.catalogue import Product
from portfolio.simulator.domain.company.crm import Address, Customer
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.guards import Refusal, Refused, refuse
from portfolio.simulator.domain.engine.lifecycle import settle
from portfolio.simulator.domain.engine.modes import RunMode
from portfolio.simulator.domain.engine.run_state import RunState, evolve
from portfolio.simulator.domain.errors import ValidationError
from portfolio.simulator.domain.money import ZERO, pct_text
from portfolio.simulator.domain.order.approvals import discount_limits
from portfolio.simulator.domain.order.model import Order, OrderLine, Priority, snapshot

Result = tuple[RunState, dict[str, Any]]


def _edited(ctx: Ctx, st: RunState, order: Order) -> Result:
    """Store an edited order (new revision, settled state)."""
    order = replace(order, revision=st.order.revision + 1)
    st = evolve(st, order=order)
    st = evolve(st, order=replace(order, state=settle(ctx, st)))
    return st, {"order": snapshot(st.order), "state": st.order.state.value}


def set_order_header(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Customer, contact, delivery address, reference, date, instructions, priority."""
    if not p:
        raise ValidationError("give at least one order detail to set", None)
    order = _header_account(ctx, st.order, p)
    customer = ctx.customer(order.account)
    if "contact_id" in p:
        cid = p["contact_id"] or None
        if cid and (customer is None or customer.contact(cid) is None):
            refuse("unknown_contact", f"{cid} is not a contact on the order's account.")
        order = replace(order, contact_id=cid)
    order = _header_address(order, customer, p)
    if "requested_date" in p and date.fromisoformat(p["requested_date"]) < ctx.date(
        ctx.day(st.clock)
    ):
        refuse("date_past", f"{p['requested_date']} is in the past.")
    fields: dict[str, Any] = {
        k: p[k]
        for k in ("customer_ref", "requested_date", "instructions", "part_delivery")
        if k in p
    }
    if "priority" in p:
        fields["priority"] = Priority(p["priority"])
    return _edited(ctx, st, replace(order, **fields))


def _header_account(ctx: Ctx, order: Order, p: dict[str, Any]) -> Order:
    """Set the account (a change of account clears contact and address)."""
    if "account" not in p:
        return order
    customer = ctx.customer(p["account"])
    if customer is None:
        refuse("unknown_account", f"No customer has account number {p['account']}.")
    if customer.account == order.account:
        return order
    return replace(order, account=customer.account, contact_id=None, delivery=None)


def _header_address(
    order: Order, customer: Customer | None, p: dict[str, Any]
) -> Order:
    """Set the delivery address from the CRM or as a new address."""
    if "delivery_address_id" in p and "delivery_address" in p:
        raise ValidationError(
            "give a CRM address or a new address, not both", "delivery_address"
        )
    if p.get("delivery_address_id"):
        addr = customer.address(p["delivery_address_id"]) if customer else None
        if addr is None:
            refuse(
                "unknown_address",
                f"{p['delivery_address_id']} is not a delivery "
                "address of the order's account.",
            )
        return replace(order, delivery=addr)
    if "delivery_address" not in p:
        return order
    a = p["delivery_address"]
    typed = Address(
        "",
        "New address",
        a["line1"],
        a["line2"],
        a["town"],
        a["county"],
        a["postcode"].upper(),
    )
    held = customer.delivery_addresses if customer else ()
    known = next((x for x in held if x.key() == typed.key()), None)
    return replace(order, delivery=known or typed)


def line_refusals(
    ctx: Ctx,
    product: Product | None,
    code: str,
    qty: int,
    discount: Decimal,
    options: dict[str, str],
) -> list[Refusal]:
    """Why a line cannot be entered as given."""
    if product is None:
        return [
            Refusal(
                "unknown_product",
                f"There is no product with code {code}: check the catalogue.",
                ctx.policy.ref("product_codes"),
            )
        ]
    return _amount_refusals(ctx, product, qty, discount) + _option_refusals(
        product, options
    )


def _amount_refusals(
    ctx: Ctx, product: Product, qty: int, discount: Decimal
) -> list[Refusal]:
    """A quantity that is not whole packs over the minimum, or too big a discount."""
    out = []
    if qty < product.min_qty or qty % product.pack_size:
        out.append(
            Refusal(
                "quantity",
                f"{product.code} is sold in packs of "
                f"{product.pack_size}, minimum {product.min_qty}.",
            )
        )
    top = discount_limits(ctx.company)[2]
    if discount > top:
        out.append(
            Refusal(
                "discount_limit",
                f"Discounts over {pct_text(top)}% are not permitted.",
                ctx.policy.ref("discount_manager"),
            )
        )
    return out


def _option_refusals(product: Product, options: dict[str, str]) -> list[Refusal]:
    """Unknown options, values not allowed, or broken constraints."""
    if options and not product.options:
        return [Refusal("options", f"{product.code} has no options.")]
    out = []
    for name, value in options.items():
        opt = product.option(name)
        if opt is None:
            out.append(Refusal("options", f"{product.code} has no option '{name}'."))
        elif value and not opt.allows(value):
            allowed = (
                ", ".join(v.value for v in opt.values) or f"text up to {opt.max_length}"
            )
            out.append(
                Refusal(
                    "options",
                    f"'{value}' is not allowed for {opt.label} (allowed: {allowed}).",
                )
            )
    out += [
        Refusal("options", c.message)
        for c in product.constraints
        if c.violated(options)
    ]
    return out


def coached_refusals(ctx: Ctx, st: RunState, product: Product | None) -> list[Refusal]:
    """Practice mode stops a discontinued code, or the wrong code the request quotes.

    In assessment mode both go through: the discontinued code is refused at
    submission, as a real system would, and the wrong code ships the wrong goods.
    """
    if st.mode is not RunMode.PRACTICE or product is None:
        return []
    clause = ctx.policy.ref("product_codes")
    if product.discontinued:
        repl = f", replaced by {product.replaced_by}" if product.replaced_by else ""
        return [
            Refusal("discontinued", f"{product.code} is discontinued{repl}.", clause)
        ]
    facts = ctx.scenario.truth.complication("wrong_product_code")
    if facts and facts.key_facts and facts.key_facts[0] == product.code:
        return [
            Refusal(
                "wrong_code",
                f"{product.code} is the {product.name}: check it against what "
                "the customer describes before you add it.",
                clause,
            )
        ]
    return []


def add_line(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Add a product to the order (list price unless a price is given)."""
    product = ctx.product(p["code"])
    options = p.get("options", {})
    discount = p.get("discount_pct", ZERO)
    refusals = line_refusals(
        ctx, product, p["code"].upper(), p["qty"], discount, options
    )
    refusals += coached_refusals(ctx, st, product)
    if product is None or refusals:  # an unknown product is always refused
        raise Refused(*refusals)
    price = p.get("unit_price", product.price_for(options))
    line = OrderLine(
        st.order.next_line_id, product.code, p["qty"], price, discount, options
    )
    order = replace(
        st.order, lines=st.order.lines + (line,), next_line_id=line.line_id + 1
    )
    return _edited(ctx, st, order)


def update_line(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Change a line; the price follows the product and options unless given."""
    old = st.order.line(p["line_id"])
    if old is None:
        refuse("unknown_line", f"There is no line {p['line_id']}.")
    code = p.get("code", old.code).upper()
    product = ctx.product(code)
    options = p.get("options", dict(old.options) if code == old.code else {})
    qty, discount = p.get("qty", old.qty), p.get("discount_pct", old.discount_pct)
    refusals = line_refusals(ctx, product, code, qty, discount, options)
    if code != old.code:
        refusals += coached_refusals(ctx, st, product)
    if product is None or refusals:  # an unknown product is always refused
        raise Refused(*refusals)
    repriced = code != old.code or "options" in p
    price = p.get(
        "unit_price", product.price_for(options) if repriced else old.unit_price
    )
    new = OrderLine(old.line_id, product.code, qty, price, discount, options)
    lines = tuple(new if ln.line_id == old.line_id else ln for ln in st.order.lines)
    return _edited(ctx, st, replace(st.order, lines=lines))


def remove_line(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Delete a line."""
    if st.order.line(p["line_id"]) is None:
        refuse("unknown_line", f"There is no line {p['line_id']}.")
    lines = tuple(ln for ln in st.order.lines if ln.line_id != p["line_id"])
    return _edited(ctx, st, replace(st.order, lines=lines))
