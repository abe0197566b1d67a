"""The ten complications of PRODUCT.md §3.2 and how difficulty draws them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from random import Random

from portfolio.simulator.domain import (
    complications_account as acc,
)
from portfolio.simulator.domain import (
    complications_after as after,
)
from portfolio.simulator.domain import (
    complications_lines as lines,
)
from portfolio.simulator.domain import (
    complications_stock as stock,
)
from portfolio.simulator.domain.draft import Draft
from portfolio.simulator.domain.errors import ValidationError
from portfolio.simulator.domain.scenario import Difficulty, ScenarioType

Step = Callable[[Draft, str], None]


def _none(d: Draft, variant: str) -> None:
    """No claim needed."""


@dataclass(frozen=True)
class ComplicationDef:
    """One complication: its tier, variants per scenario type and generation steps."""

    id: str
    title: str
    tier: int
    variants: dict[str, tuple[str, ...]]
    claim: Step
    apply: Step


def _all(*variants: str) -> dict[str, tuple[str, ...]]:
    """The same variants for every scenario type."""
    return {t.value: variants for t in ScenarioType}


COMPLICATION_DEFS: tuple[ComplicationDef, ...] = (
    ComplicationDef(
        "stock_shortage",
        "Stock shortage",
        1,
        {
            "standard": ("substitute", "later_date", "part_ship"),
            "bespoke": ("substitute", "later_date", "part_ship"),
            "urgent": ("substitute", "part_ship"),
        },
        stock.claim_shortage,
        stock.apply_shortage,
    ),
    ComplicationDef(
        "wrong_product_code",
        "Wrong or discontinued product code",
        1,
        _all("mismatch", "discontinued"),
        lines.claim_wrong_code,
        lines.apply_wrong_code,
    ),
    ComplicationDef(
        "ambiguous_requirement",
        "Ambiguous requirement",
        1,
        {
            "standard": ("product", "quantity", "date"),
            "bespoke": ("product", "quantity", "date"),
            "urgent": ("product", "quantity"),
        },
        lines.claim_ambiguous,
        lines.apply_ambiguous,
    ),
    ComplicationDef(
        "address_differs",
        "Delivery address differs from the CRM",
        1,
        _all("other_site", "new_site"),
        _none,
        acc.apply_address,
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
        _all("listed", "unlisted"),
        _none,
        acc.apply_unauthorised,
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
        {"standard": ("incoming",), "bespoke": ("production",), "urgent": ("courier",)},
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
    rng: Random, kind: ScenarioType, level: Difficulty, explicit: Sequence[str] | None
) -> list[tuple[str, str]]:
    """(complication id, variant) pairs, in registry order."""
    ids = _explicit(explicit) if explicit is not None else _draw(rng, level)
    ordered = [c for c in COMPLICATION_DEFS if c.id in ids]
    return [(c.id, rng.choice(c.variants[kind.value])) for c in ordered]


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
