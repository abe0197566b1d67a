"""Products, configurable options and stock of the simulated distributor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from portfolio.simulator.domain.money import ZERO, dec


class ProductKind(StrEnum):
    """How a product is supplied."""

    STOCK = "stock"
    MADE_TO_ORDER = "made_to_order"
    SERVICE = "service"


@dataclass(frozen=True)
class OptionValue:
    """An allowed value of an option and what it adds to the unit price."""

    value: str
    price_delta: Decimal


@dataclass(frozen=True)
class Option:
    """A configurable option: a list of allowed values, or free text."""

    name: str
    label: str
    topic: str
    required: bool
    values: tuple[OptionValue, ...]
    free_text: bool = False
    price_delta: Decimal = ZERO
    max_length: int = 40

    def delta(self, value: str) -> Decimal:
        """Price delta for ``value`` (free text adds its delta when not empty)."""
        if self.free_text:
            return self.price_delta if value.strip() else ZERO
        return next((v.price_delta for v in self.values if v.value == value), ZERO)

    def allows(self, value: str) -> bool:
        """Whether ``value`` is acceptable for this option."""
        if self.free_text:
            return len(value) <= self.max_length
        return any(v.value == value for v in self.values)


@dataclass(frozen=True)
class Constraint:
    """If option ``if_option`` takes one of ``if_values``, ``then_option`` must too."""

    id: str
    message: str
    if_option: str
    if_values: tuple[str, ...]
    then_option: str
    then_values: tuple[str, ...]

    def violated(self, chosen: Mapping[str, str]) -> bool:
        """Whether the chosen options break this constraint."""
        if chosen.get(self.if_option) not in self.if_values:
            return False
        then = chosen.get(self.then_option)
        return then is not None and then not in self.then_values


@dataclass(frozen=True)
class Incoming:
    """A purchase due in ``in_days`` days after the scenario starts."""

    qty: int
    in_days: int


@dataclass(frozen=True)
class Stock:
    """Stock of one product: on hand, reserved by other orders, incoming."""

    on_hand: int
    reserved: int
    incoming: tuple[Incoming, ...] = ()

    @property
    def free_now(self) -> int:
        """Free to use now: on hand minus reserved, never below zero."""
        return max(0, self.on_hand - self.reserved)

    def forecast_at(self, when: date | int, start: date | None = None) -> int:
        """Free stock at ``when`` (a date with ``start``, or a day offset)."""
        day = when if isinstance(when, int) else (when - _need(start)).days
        return self.free_now + sum(i.qty for i in self.incoming if i.in_days <= day)

    def first_day_covering(self, qty: int, from_day: int = 0) -> int | None:
        """First day (≥ ``from_day``) when the forecast covers ``qty``, if ever."""
        days = sorted(
            {from_day, *(i.in_days for i in self.incoming if i.in_days > from_day)}
        )
        return next((d for d in days if self.forecast_at(d) >= qty), None)


def _need(start: date | None) -> date:
    """Guard: a start date is needed to turn a date into a day offset."""
    if start is None:
        raise ValueError("forecast_at(date) needs the scenario start date")
    return start


@dataclass(frozen=True)
class Product:
    """One catalogue item."""

    code: str
    category: str
    name: str
    kind: ProductKind
    description: str
    features: tuple[str, ...]
    benefits: tuple[str, ...]
    usps: tuple[str, ...]
    unit: str
    unit_price: Decimal
    vat_rate: Decimal
    pack_size: int
    min_qty: int
    lead_time_days: int
    substitutes: tuple[str, ...]
    discontinued: bool
    replaced_by: str | None
    stock: Stock
    options: tuple[Option, ...] = ()
    constraints: tuple[Constraint, ...] = ()

    @property
    def configurable(self) -> bool:
        """Whether the product has options (a bespoke item)."""
        return bool(self.options)

    def option(self, name: str) -> Option | None:
        """The option called ``name``."""
        return next((o for o in self.options if o.name == name), None)

    def price_for(self, chosen: Mapping[str, str]) -> Decimal:
        """List price plus the deltas of the chosen options."""
        extra = sum(
            (o.delta(chosen[o.name]) for o in self.options if o.name in chosen), ZERO
        )
        return self.unit_price + extra


def product_from_dict(d: Mapping[str, Any]) -> Product:
    """Build a product from its catalogue entry."""
    st = d.get("stock") or {}
    stock = Stock(
        int(st.get("on_hand", 0)),
        int(st.get("reserved", 0)),
        tuple(
            Incoming(int(i["qty"]), int(i["in_days"])) for i in st.get("incoming") or ()
        ),
    )
    return Product(
        code=str(d["code"]),
        category=str(d["category"]),
        name=str(d["name"]),
        kind=ProductKind(d.get("kind", "stock")),
        description=str(d.get("description", "")),
        features=tuple(d.get("features") or ()),
        benefits=tuple(d.get("benefits") or ()),
        usps=tuple(d.get("usps") or ()),
        unit=str(d.get("unit", "each")),
        unit_price=dec(d["unit_price"]),
        vat_rate=dec(d.get("vat_rate", "20")),
        pack_size=int(d.get("pack_size", 1)),
        min_qty=int(d.get("min_qty", 1)),
        lead_time_days=int(d.get("lead_time_days", 3)),
        substitutes=tuple(d.get("substitutes") or ()),
        discontinued=bool(d.get("discontinued", False)),
        replaced_by=d.get("replaced_by"),
        stock=stock,
        options=tuple(_option(o) for o in d.get("options") or ()),
        constraints=tuple(_constraint(c) for c in d.get("constraints") or ()),
    )


def stock_from_dict(d: Mapping[str, Any]) -> Stock:
    """Build a stock record (used for per-scenario overrides)."""
    return Stock(
        int(d.get("on_hand", 0)),
        int(d.get("reserved", 0)),
        tuple(
            Incoming(int(i["qty"]), int(i["in_days"])) for i in d.get("incoming") or ()
        ),
    )


def _option(d: Mapping[str, Any]) -> Option:
    """Build one option."""
    values = tuple(
        OptionValue(str(v["value"]), dec(v.get("price_delta", "0")))
        for v in d.get("values") or ()
    )
    return Option(
        str(d["name"]),
        str(d.get("label", d["name"])),
        str(d.get("topic", "")),
        bool(d.get("required", True)),
        values,
        bool(d.get("free_text", False)),
        dec(d.get("price_delta", "0")),
        int(d.get("max_length", 40)),
    )


def _constraint(d: Mapping[str, Any]) -> Constraint:
    """Build one option constraint."""
    return Constraint(
        str(d["id"]),
        str(d["message"]),
        str(d["if"]["option"]),
        tuple(str(v) for v in d["if"]["in"]),
        str(d["then"]["option"]),
        tuple(str(v) for v in d["then"]["in"]),
    )
