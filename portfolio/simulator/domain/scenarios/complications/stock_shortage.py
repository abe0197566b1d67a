"""The stock shortage complication and the customer's choice when stock is short."""

from __future__ import annotations

from portfolio.simulator.domain.clock import date_of_day, long_date
from portfolio.simulator.domain.company.catalogue import Incoming, Product
from portfolio.simulator.domain.scenarios.complications.shared import (
    note_complication,
    require_issue,
    substitute,
    weekday,
)
from portfolio.simulator.domain.scenarios.draft import Draft, DraftLine, is_stock_item

Choice = tuple[str, tuple[str, ...]]


def claim_shortage(d: Draft, variant: str) -> None:
    """Claim a stock line that will be short (with a substitute if needed)."""

    def test(p: Product) -> bool:
        """A stock item (with a usable substitute, for that variant)."""
        wanted = variant != "substitute" or substitute(d, p) is not None
        return is_stock_item(p) and wanted

    line = d.claim("stock_shortage", test)
    product = d.product(line.code)
    line.qty = max(line.qty, 2 * product.pack_size, product.min_qty)


def shortage_fits(d: Draft, variant: str) -> bool:
    """A substitute is only offered when the product has one that is free to use."""
    if variant != "substitute":
        return True
    return substitute(d, d.product(d.claimed("stock_shortage").code)) is not None


def apply_shortage(d: Draft, variant: str) -> None:
    """Leave too little stock by the requested date; decide the customer's choice."""
    line = d.claimed("stock_shortage")
    product = d.product(line.code)
    free = (
        d.rng.randint(1, line.qty - 1)
        if variant == "part_ship"
        else d.rng.randint(0, line.qty // 2)
    )
    arrives = weekday(d, d.requested_day + d.rng.randint(3, 8))
    d.set_stock(line.code, free, (Incoming(line.qty + d.rng.randint(0, 10), arrives),))
    d.shortage = (line.code, d.requested_day, variant)
    line.asked_code = line.code
    handling, keys = CHOICES[variant](d, line, product, arrives)
    d.must_ask.append("shortage_preference")
    summary = (
        f"only {free} of the {line.qty} x {product.code} are free by the date; "
        f"more arrives on {long_date(date_of_day(d.start, arrives))}"
    )
    note_complication(
        d,
        "stock_shortage",
        variant,
        summary,
        handling,
        "stock_shortage",
        product.code,
        *keys,
    )
    require_issue(d, "stock_shortage", "stock_shortage")


def _substitute(d: Draft, line: DraftLine, product: Product, arrives: int) -> Choice:
    """The customer takes an in-stock substitute."""
    sub = substitute(d, product)
    if sub is None:  # shortage_fits rules this out before the variant is applied
        raise LookupError(f"{product.code} has no usable substitute")
    d.ensure_free(sub.code, line.qty)
    line.code = sub.code
    d.facts["shortage_preference"] = (
        f"If you can't do all {line.qty} of the {product.name} in time, we'd take the "
        f"{sub.name} ({sub.code}) instead - same quantity, same date."
    )
    return f"offer the substitute {sub.code}; the customer accepts it", (sub.code,)


def _later(d: Draft, line: DraftLine, product: Product, arrives: int) -> Choice:
    """The customer waits until everything can come together."""
    d.requested_day = arrives
    when = date_of_day(d.start, arrives)
    d.facts["shortage_preference"] = (
        f"We'd rather have everything in one delivery. {long_date(when)} would be fine "
        "if that's when you can do the lot."
    )
    return (
        f"offer a later date; the customer accepts delivery on {long_date(when)}",
        (when.isoformat(),),
    )


def _part(d: Draft, line: DraftLine, product: Product, arrives: int) -> Choice:
    """The customer accepts a part delivery with the balance to follow."""
    d.part_delivery = True
    d.facts["shortage_preference"] = (
        "Send what you have on the date and the rest as soon as it comes in - a part "
        "delivery is fine."
    )
    return "offer part delivery with the balance to follow; the customer accepts", ()


CHOICES = {"substitute": _substitute, "later_date": _later, "part_ship": _part}
