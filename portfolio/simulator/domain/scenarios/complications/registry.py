"""The ten complications of PRODUCT.md §3.2 and how difficulty draws them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from random import Random

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain.errors import SeedDataError, ValidationError
from portfolio.simulator.domain.scenarios.complications import account as acc
from portfolio.simulator.domain.scenarios.complications import after_submission as after
from portfolio.simulator.domain.scenarios.complications import lines
from portfolio.simulator.domain.scenarios.complications import stock_shortage as stock
from portfolio.simulator.domain.scenarios.draft import Draft
from portfolio.simulator.domain.scenarios.model import Difficulty

Step = Callable[[Draft, str], None]
Fits = Callable[[Draft, str], bool]


def _none(d: Draft, variant: str) -> None:
    """No claim needed."""


def _always(d: Draft, variant: str) -> bool:
    """Every variant fits every order."""
    return True


@dataclass(frozen=True)
class ComplicationDef:
    """One complication: tier, variants per order type, generation steps, fit test."""

    id: str
    title: str
    tier: int
    variants: dict[OrderType, tuple[str, ...]]
    claim: Step
    apply: Step
    fits: Fits = _always


def _all(*variants: str) -> dict[OrderType, tuple[str, ...]]:
    """The same variants for every order type."""
    return {t: variants for t in OrderType}


COMPLICATION_DEFS: tuple[ComplicationDef, ...] = (
    ComplicationDef(
        "stock_shortage",
        "Stock shortage",
        1,
        {
            OrderType.STANDARD: ("substitute", "later_date", "part_ship"),
            OrderType.BESPOKE: ("substitute", "later_date", "part_ship"),
            OrderType.URGENT: ("substitute", "part_ship"),
        },
        stock.claim_shortage,
        stock.apply_shortage,
        stock.shortage_fits,
    ),
    ComplicationDef(
        "wrong_product_code",
        "Wrong or discontinued product code",
        1,
        _all("mismatch", "discontinued"),
        lines.claim_wrong_code,
        lines.apply_wrong_code,
        lines.wrong_code_fits,
    ),
    ComplicationDef(
        "ambiguous_requirement",
        "Ambiguous requirement",
        1,
        {
            OrderType.STANDARD: ("product", "quantity", "date"),
            OrderType.BESPOKE: ("product", "quantity", "date"),
            OrderType.URGENT: ("product", "quantity"),
        },
        lines.claim_ambiguous,
        lines.apply_ambiguous,
        lines.ambiguous_fits,
    ),
    ComplicationDef(
        "address_differs",
        "Delivery address differs from the CRM",
        1,
        _all("other_site", "new_site"),
        _none,
        acc.apply_address,
        acc.address_fits,
    ),
    ComplicationDef(
        "credit_problem",
        "Credit limit exceeded or account on stop",
        3,
        _all("on_stop", "over_limit"),
        _none,
        acc.apply_credit,
    ),
    ComplicationDef(
        "discount_over_authority",
        "Discount beyond your authority",
        2,
        _all("supervisor", "sales_manager"),
        _none,
        acc.apply_discount,
    ),
    ComplicationDef(
        "unauthorised_caller",
        "Caller not authorised to order",
        3,
        _all("listed", "unlisted", "unknown_sender"),
        _none,
        acc.apply_unauthorised,
        acc.unauthorised_fits,
    ),
    ComplicationDef(
        "quantity_change",
        "Customer changes a quantity",
        2,
        _all("increase", "decrease"),
        lines.claim_quantity_change,
        lines.apply_quantity_change,
    ),
    ComplicationDef(
        "supplier_delay",
        "Supplier delay after submission",
        2,
        {
            OrderType.STANDARD: ("incoming",),
            OrderType.BESPOKE: ("production",),
            OrderType.URGENT: ("courier",),
        },
        after.claim_delay,
        after.apply_delay,
    ),
    ComplicationDef(
        "delivery_query",
        "Part delivery or customer query",
        1,
        _all("short_delivery", "customer_query"),
        after.claim_query,
        after.apply_query,
    ),
)
BY_ID = {c.id: c for c in COMPLICATION_DEFS}
COMPLICATION_IDS = tuple(BY_ID)
DRAW_COUNT = {Difficulty.EASY: 1, Difficulty.MEDIUM: 2, Difficulty.HARD: 3}


def choose(
    rng: Random, kind: OrderType, level: Difficulty, explicit: Sequence[str] | None
) -> list[tuple[str, str]]:
    """(complication id, variant) pairs, in registry order."""
    ids = _explicit(explicit) if explicit is not None else _draw(rng, level)
    ordered = [c for c in COMPLICATION_DEFS if c.id in ids]
    return [(c.id, rng.choice(c.variants[kind])) for c in ordered]


def _explicit(ids: Sequence[str]) -> set[str]:
    """Validate an assessor's explicit choice."""
    unknown = [i for i in ids if i not in BY_ID]
    if unknown:
        raise ValidationError(
            f"unknown complication(s): {', '.join(unknown)}", "complications"
        )
    return set(ids)


def _draw(rng: Random, level: Difficulty) -> set[str]:
    """Draw by difficulty: harder levels add more, and harder, complications."""
    tier = {t: [c.id for c in COMPLICATION_DEFS if c.tier == t] for t in (1, 2, 3)}
    if level is Difficulty.EASY:
        return {rng.choice(tier[1])}
    if level is Difficulty.MEDIUM:
        return {rng.choice(tier[2]), rng.choice(tier[1])}
    first = rng.choice(tier[3])
    return {first, *rng.sample(tier[1] + tier[2], 2)}


def fitting_variant(d: Draft, cid: str, drawn: str) -> str:
    """``drawn`` if it fits the order as generated so far, else a variant that does.

    The draw among the fitting variants uses the scenario's own random stream, and
    only when there is a choice, so a scenario whose drawn variants all fit is
    generated exactly as before.
    """
    c = BY_ID[cid]
    if c.fits(d, drawn):
        return drawn
    fitting = [v for v in c.variants[d.type] if c.fits(d, v)]
    if not fitting:
        raise SeedDataError(
            f"the catalogue cannot support the {c.title.lower()} complication here",
            "complications",
        )
    return fitting[0] if len(fitting) == 1 else d.rng.choice(fitting)
