"""Complications about the items: wrong code, ambiguity, quantity change."""

from __future__ import annotations

from fnmatch import fnmatch

from portfolio.simulator.domain.clock import date_of_day, long_date
from portfolio.simulator.domain.company.catalogue import Product, ProductKind
from portfolio.simulator.domain.scenarios.complications.shared import (
    note_complication as _facts,
)
from portfolio.simulator.domain.scenarios.complications.shared import (
    require_issue as _issue,
)
from portfolio.simulator.domain.scenarios.draft import Draft, DraftLine, is_stock_item
from portfolio.simulator.domain.scenarios.model import Amendment
from portfolio.simulator.domain.scenarios.word_pools import AMBIGUITY_GROUPS, VAGUE_QTY


# --- wrong or discontinued product code ---------------------------------------------
def _siblings(d: Draft, product: Product) -> list[Product]:
    """Active products whose codes are easily confused with ``product``'s."""
    head = product.code.rsplit("-", 2)[0]
    return [
        p
        for p in d.company.products
        if p.code != product.code
        and not p.discontinued
        and p.kind is ProductKind.STOCK
        and p.code.startswith(head + "-")
    ]


def _predecessor(d: Draft, product: Product) -> Product | None:
    """A discontinued product replaced by ``product``."""
    return next(
        (
            p
            for p in d.company.products
            if p.discontinued and p.replaced_by == product.code
        ),
        None,
    )


def claim_wrong_code(d: Draft, variant: str) -> None:
    """Claim a line whose code the customer will get wrong."""
    if variant == "discontinued":
        d.claim(
            "wrong_product_code",
            lambda p: is_stock_item(p) and bool(_predecessor(d, p)),
        )
    else:
        d.claim(
            "wrong_product_code", lambda p: is_stock_item(p) and bool(_siblings(d, p))
        )


def wrong_code_fits(d: Draft, variant: str) -> bool:
    """The claimed product has a discontinued predecessor, or look-alike codes."""
    product = d.product(d.claimed("wrong_product_code").code)
    if variant == "discontinued":
        return _predecessor(d, product) is not None
    return bool(_siblings(d, product))


def apply_wrong_code(d: Draft, variant: str) -> None:
    """Put a wrong (or discontinued) code in the customer's request."""
    line = d.claimed("wrong_product_code")
    product = d.product(line.code)
    quote = _quote_predecessor if variant == "discontinued" else _quote_sibling
    summary, quoted = quote(d, line, product)
    d.must_ask.append("product")
    handling = f"ask the customer, agree {product.code} and record the correction"
    _facts(
        d,
        "wrong_product_code",
        variant,
        summary,
        handling,
        "product_codes",
        quoted,
        product.code,
    )
    _issue(d, "wrong_product_code", "wrong_product_code")


def _quote_predecessor(d: Draft, line: DraftLine, product: Product) -> tuple[str, str]:
    """The customer quotes the discontinued product that ``product`` replaced."""
    old = _predecessor(d, product)
    if old is None:  # wrong_code_fits rules this out
        raise LookupError(f"{product.code} replaces no discontinued product")
    line.code_said, line.name_said = old.code, old.name.split(" (")[0]
    d.facts["product"] = (
        f"Oh, I didn't know the {line.name_said} had been "
        "discontinued. Whatever you sell in its place is fine."
    )
    return f"the request quotes {old.code}, now replaced by {product.code}", old.code


def _quote_sibling(d: Draft, line: DraftLine, product: Product) -> tuple[str, str]:
    """The customer describes ``product`` but quotes a look-alike code."""
    wrong = d.rng.choice(_siblings(d, product))
    line.code_said, line.name_said = wrong.code, product.name
    d.facts["product"] = (
        f"Sorry, I must have copied the code wrong. It's the "
        f"{product.name} we need: {product.description}"
    )
    return (
        f"the request quotes {wrong.code} but describes {product.code}",
        wrong.code,
    )


# --- ambiguous requirement ----------------------------------------------------------
def _group(code: str) -> tuple[str, str] | None:
    """The ambiguity group of ``code``."""
    return next((g for g in AMBIGUITY_GROUPS if fnmatch(code, g[0])), None)


def _ambiguous(d: Draft, product: Product) -> bool:
    """Whether ``product``'s group has other sellable members."""
    group = _group(product.code)
    return (
        group is not None
        and sum(
            1
            for p in d.company.products
            if fnmatch(p.code, group[0]) and not p.discontinued
        )
        > 1
    )


def ambiguous_fits(d: Draft, variant: str) -> bool:
    """A vague product needs look-alikes; a vague quantity needs a claimed line."""
    line = d.line_for("ambiguous_requirement")
    if variant == "product":
        return line is not None and _ambiguous(d, d.product(line.code))
    return variant != "quantity" or line is not None


def claim_ambiguous(d: Draft, variant: str) -> None:
    """Claim the line that the customer will describe vaguely."""
    if variant == "product":
        d.claim(
            "ambiguous_requirement", lambda p: is_stock_item(p) and _ambiguous(d, p)
        )
    elif variant == "quantity":
        d.claim("ambiguous_requirement", is_stock_item)


def apply_ambiguous(d: Draft, variant: str) -> None:
    """Word one requirement vaguely; the exact value is only revealed by a question."""
    line = d.line_for("ambiguous_requirement")
    summary, kind, key = VAGUE[variant](d, line)
    d.must_ask.append(kind)
    handling = f"ask a clarifying question to pin down the {kind.replace('_', ' ')}"
    _facts(d, "ambiguous_requirement", variant, summary, handling, "clarify", key)


def _vague_product(d: Draft, line: DraftLine | None) -> tuple[str, str, str]:
    """'The oak desks' when there are three sizes."""
    line = line or d.claimed("ambiguous_requirement")
    group = _group(line.code)
    if group is None:  # ambiguous_fits rules this out
        raise LookupError(f"{line.code} is in no ambiguity group")
    line.code_said, line.name_said = "", group[1]
    d.facts["product"] = f"It's the {d.product(line.code).name} ({line.code}) we need."
    return f"the request just says '{group[1]}'", "product", line.code


def _vague_quantity(d: Draft, line: DraftLine | None) -> tuple[str, str, str]:
    """'Enough for the new team'."""
    line = line or d.claimed("ambiguous_requirement")
    line.qty_said = d.rng.choice(VAGUE_QTY)
    name = d.product(line.code).name
    d.facts["quantity"] = f"I've checked: we need exactly {line.qty} of the {name}."
    return f"no exact quantity for {line.code}", "quantity", str(line.qty)


def _vague_date(d: Draft, line: DraftLine | None) -> tuple[str, str, str]:
    """'Some time in the week of ...'."""
    when = date_of_day(d.start, d.brief_day)
    monday = date_of_day(d.start, d.brief_day - when.weekday())
    d.date_said = f"some time in the week of {long_date(monday)}"
    d.facts["requested_date"] = f"Sorry, to be exact: we need it by {long_date(when)}."
    return "no exact delivery date", "requested_date", when.isoformat()


VAGUE = {"product": _vague_product, "quantity": _vague_quantity, "date": _vague_date}


# --- quantity change after the confirmation -----------------------------------------
def claim_quantity_change(d: Draft, variant: str) -> None:
    """Claim the line whose quantity the customer will change."""
    d.claim(
        "quantity_change",
        lambda p: (
            p.kind is not ProductKind.SERVICE
            and (p.kind is ProductKind.MADE_TO_ORDER or is_stock_item(p))
        ),
    )


def apply_quantity_change(d: Draft, variant: str) -> None:
    """The customer amends the quantity when they read the confirmation."""
    line = d.claimed("quantity_change")
    product = d.product(line.code)
    step = product.pack_size * d.rng.randint(1, 3)
    low = max(product.min_qty, product.pack_size)
    up = variant == "increase" or line.qty - step < low
    new = line.qty + step if up else line.qty - step
    variant = "increase" if up else "decrease"
    d.amendment = Amendment(line.code, line.qty, new)
    if product.kind is ProductKind.STOCK:
        d.ensure_free(line.code, max(line.qty, new))
    summary = (
        f"on reading the confirmation the customer changes {line.code} from "
        f"{line.qty} to {new}"
    )
    handling = (
        "record the change, update the line, re-check stock and approvals, "
        "then send a new confirmation"
    )
    _facts(
        d,
        "quantity_change",
        variant,
        summary,
        handling,
        "customer_changes",
        line.code,
        str(new),
    )
    _issue(d, "quantity_change", "quantity_change")
    line.qty = new
