"""Field-by-field comparison of an order with what the customer needs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from portfolio.simulator.domain.clock import long_date
from portfolio.simulator.domain.company.catalogue import Product, ProductKind
from portfolio.simulator.domain.company.crm import Address, squash
from portfolio.simulator.domain.company.model import Company
from portfolio.simulator.domain.engine.run_state import RunState
from portfolio.simulator.domain.money import pct_text
from portfolio.simulator.domain.order.model import Order, OrderLine, Priority
from portfolio.simulator.domain.scenarios.facts import option_text
from portfolio.simulator.domain.scenarios.model import Scenario, TruthLine


@dataclass(frozen=True)
class Expected:
    """What an order should say."""

    account: str
    contact_id: str
    delivery: Address
    customer_ref: str
    requested_date: str
    keywords: tuple[str, ...]
    instructions: str
    priority: Priority
    part_delivery: bool
    lines: tuple[TruthLine, ...]


@dataclass(frozen=True)
class Diff:
    """One difference, in the customer's words and in the assessor's."""

    field: str
    said: str
    note: str


def truth_expected(scenario: Scenario) -> Expected:
    """The hidden truth as an :class:`Expected`."""
    t = scenario.truth
    return Expected(
        t.account,
        t.contact_id,
        t.delivery,
        t.customer_ref,
        t.requested_date,
        t.instruction_keywords,
        t.instructions,
        t.priority,
        t.part_delivery,
        t.lines,
    )


def customer_view(scenario: Scenario, st: RunState) -> Expected:
    """What the customer expects now (before an amendment or a shortage is known)."""
    exp = truth_expected(scenario)
    t = scenario.truth
    if t.amendment and not st.amended:
        lines = tuple(
            replace(ln, qty=t.amendment.from_qty) if ln.code == t.amendment.code else ln
            for ln in exp.lines
        )
        exp = replace(exp, lines=lines)
    ar = t.as_requested
    if ar and "shortage_preference" not in st.revealed():
        lines = tuple(
            replace(ln, code=ar.asked_code, unit_price=ar.asked_price)
            if ln.code == ar.code
            else ln
            for ln in exp.lines
        )
        exp = replace(
            exp,
            lines=lines,
            requested_date=ar.requested_date,
            part_delivery=ar.part_delivery,
        )
    return exp


def _keyword(text: str) -> str:
    """Letters and digits only, for loose keyword matching."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def differences(
    company: Company, exp: Expected, order: Order, contact: bool = True
) -> list[Diff]:
    """Every difference between ``order`` and ``exp``."""
    return (
        _header(company, exp, order, contact)
        + _terms(exp, order)
        + _lines(company, exp, order)
    )


def _found(checks: list[tuple[str, bool, str, str]]) -> list[Diff]:
    """The checks that failed, as differences."""
    return [Diff(field, said, note) for field, bad, said, note in checks if bad]


def _header(company: Company, exp: Expected, order: Order, contact: bool) -> list[Diff]:
    """Account, contact and delivery address."""
    cust = company.customer(exp.account)
    name = cust.company if cust else exp.account
    who = cust.contact(exp.contact_id) if cust else None
    where = order.delivery.one_line() if order.delivery else "not set"
    want = exp.delivery.one_line()
    return _found(
        [
            (
                "account",
                order.account != exp.account,
                f"That isn't our account: we're {name} ({exp.account}).",
                f"Customer account {order.account or 'not set'}; "
                f"should be {exp.account} ({name}).",
            ),
            (
                "contact",
                contact and order.contact_id != exp.contact_id,
                "The contact is wrong.",
                f"Contact {order.contact_id or 'not set'}; should be "
                f"{who.name if who else exp.contact_id} ({exp.contact_id}).",
            ),
            (
                "delivery_address",
                order.delivery is None or order.delivery.key() != exp.delivery.key(),
                f"The delivery address is wrong: it should go to {want}.",
                f"Delivery address {where}; should be {want}.",
            ),
        ]
    )


def _terms(exp: Expected, order: Order) -> list[Diff]:
    """Reference, date, instructions, priority and part delivery."""
    return _reference_and_date(exp, order) + _delivery_terms(exp, order)


def _reference_and_date(exp: Expected, order: Order) -> list[Diff]:
    """The customer's reference and the requested delivery date."""
    ref_said = (
        f"Please quote our PO number {exp.customer_ref}."
        if exp.customer_ref
        else f"We didn't give a PO number: please take off {order.customer_ref}."
    )
    return _found(
        [
            (
                "customer_ref",
                squash(order.customer_ref) != squash(exp.customer_ref),
                ref_said,
                f"Customer reference '{order.customer_ref}'; should be "
                f"'{exp.customer_ref}'.",
            ),
            (
                "requested_date",
                order.requested_date != exp.requested_date,
                f"We need it by {long_date(date.fromisoformat(exp.requested_date))}.",
                f"Requested date {order.requested_date or 'not set'}; should be "
                f"{exp.requested_date}.",
            ),
        ]
    )


def _delivery_terms(exp: Expected, order: Order) -> list[Diff]:
    """Delivery instructions, priority and part delivery."""
    have = _keyword(order.instructions)
    urgent = exp.priority is Priority.URGENT
    return _found(
        [
            (
                "instructions",
                any(_keyword(k) not in have for k in exp.keywords),
                f"You've missed our delivery instructions: {exp.instructions}",
                f"Delivery instructions do not include: {exp.instructions}",
            ),
            (
                "priority",
                order.priority != exp.priority,
                "This is urgent: it has to be delivered tomorrow."
                if urgent
                else "This isn't an urgent order.",
                f"Priority {order.priority.value}; should be {exp.priority}.",
            ),
            (
                "part_delivery",
                order.part_delivery != exp.part_delivery,
                "We agreed a part delivery is fine."
                if exp.part_delivery
                else "We need everything together: we didn't agree to a part delivery.",
                f"Part delivery {order.part_delivery}; should be {exp.part_delivery}.",
            ),
        ]
    )


def _lines(company: Company, exp: Expected, order: Order) -> list[Diff]:
    """Missing, extra and wrong lines."""
    out: list[Diff] = []
    by_code: dict[str, list[OrderLine]] = {}
    for line in order.lines:
        by_code.setdefault(line.code, []).append(line)
    for want in exp.lines:
        out += _line(company, want, by_code.pop(want.code, []))
    for code, got in by_code.items():
        product = company.product(code)
        name = product.name if product else code
        out.append(
            Diff(
                "line_extra",
                f"We didn't ask for the {name} ({code}).",
                f"Line {got[0].line_id}: {code} is not what the customer needs.",
            )
        )
    return out


def _line(company: Company, want: TruthLine, got: list[OrderLine]) -> list[Diff]:
    """Differences for one expected line."""
    product = company.product(want.code)
    name = product.name if product else want.code
    if not got:
        said = (
            "There's no express delivery on this: we need it tomorrow."
            if product and product.kind is ProductKind.SERVICE
            else f"You've left out the {name}."
        )
        return [Diff("line_missing", said, f"No line for {want.code} ({name}).")]
    return _line_count(name, want, got) + _line_terms(product, name, want, got[0])


def _line_count(name: str, want: TruthLine, got: list[OrderLine]) -> list[Diff]:
    """The expected line entered twice, or with the wrong quantity."""
    qty, code = sum(ln.qty for ln in got), want.code
    return _found(
        [
            (
                "line_extra",
                len(got) > 1,
                f"The {name} appears twice.",
                f"{code} is entered on {len(got)} lines.",
            ),
            (
                "line_quantity",
                len(got) == 1 and qty != want.qty,
                f"We need {want.qty} of the {name}, not {qty}.",
                f"{code}: quantity {qty}; should be {want.qty}.",
            ),
        ]
    )


def _line_terms(
    product: Product | None, name: str, want: TruthLine, line: OrderLine
) -> list[Diff]:
    """The first matching line's price, discount and options."""
    code = want.code
    want_pct, got_pct = pct_text(want.discount_pct), pct_text(line.discount_pct)
    spec = option_text(product, want.options) if product else str(dict(want.options))
    return _found(
        [
            (
                "line_price",
                line.unit_price != want.unit_price,
                f"The price of the {name} looks wrong: "
                f"we expected £{want.unit_price} each, not £{line.unit_price}.",
                f"{code}: unit price £{line.unit_price}; should be £{want.unit_price}.",
            ),
            (
                "line_discount",
                line.discount_pct != want.discount_pct,
                f"We agreed {want_pct}% off the {name}, not {got_pct}%.",
                f"{code}: discount {got_pct}%; should be {want_pct}%.",
            ),
            (
                "line_options",
                _norm(line.options) != _norm(want.options),
                f"The specification of the {name} isn't right: we need {spec}.",
                f"{code}: options {dict(line.options)}; "
                f"should be {dict(want.options)}.",
            ),
        ]
    )


def _norm(options: Mapping[str, str]) -> dict[str, str]:
    """Options compared case- and space-insensitively, empty values dropped."""
    return {k: squash(v) for k, v in options.items() if squash(v)}
