"""The learner's order: header, lines, totals and a canonical snapshot."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from portfolio.simulator.domain.company.crm import Address
from portfolio.simulator.domain.money import ZERO, apply_discount, pennies
from portfolio.simulator.domain.order.state_machine import OrderState
from portfolio.simulator.domain.serial import to_plain

if TYPE_CHECKING:
    from portfolio.simulator.domain.company.model import Company


class Priority(StrEnum):
    """Order priority."""

    NORMAL = "normal"
    URGENT = "urgent"


@dataclass(frozen=True)
class OrderLine:
    """One order line."""

    line_id: int
    code: str
    qty: int
    unit_price: Decimal
    discount_pct: Decimal = ZERO
    options: Mapping[str, str] = field(default_factory=dict)

    def basis(self) -> tuple[str, int]:
        """What a stock check of this line depends on."""
        return (self.code, self.qty)


@dataclass(frozen=True)
class Order:
    """The order as the learner has entered it."""

    state: OrderState = OrderState.RECEIVED
    account: str | None = None
    contact_id: str | None = None
    delivery: Address | None = None
    customer_ref: str = ""
    requested_date: str | None = None
    instructions: str = ""
    priority: Priority = Priority.NORMAL
    part_delivery: bool = False
    lines: tuple[OrderLine, ...] = ()
    next_line_id: int = 1
    revision: int = 0
    hold_from: OrderState | None = None
    hold_reason: str = ""
    number: str = ""

    def line(self, line_id: int) -> OrderLine | None:
        """The line with ``line_id``."""
        return next((ln for ln in self.lines if ln.line_id == line_id), None)

    @property
    def base_state(self) -> OrderState:
        """The state underneath a hold."""
        return (
            self.hold_from
            if self.state is OrderState.ON_HOLD and self.hold_from
            else self.state
        )


@dataclass(frozen=True)
class Totals:
    """Order totals in pounds."""

    net: Decimal
    vat: Decimal
    gross: Decimal


def line_net(line: OrderLine) -> Decimal:
    """Line value after discount, excluding VAT."""
    return apply_discount(pennies(line.unit_price * line.qty), line.discount_pct)


def totals(company: Company, lines: tuple[OrderLine, ...]) -> Totals:
    """Net, VAT (from each product's rate) and gross totals."""
    net = vat = ZERO
    for line in lines:
        product = company.product(line.code)
        value = line_net(line)
        rate = product.vat_rate if product else Decimal("20")
        net += value
        vat += pennies(value * rate / 100)
    return Totals(net, vat, net + vat)


def snapshot(order: Order) -> dict[str, Any]:
    """The order's content (no state or bookkeeping) as plain data."""
    return {
        "account": order.account,
        "contact_id": order.contact_id,
        "delivery": to_plain(order.delivery),
        "customer_ref": order.customer_ref,
        "requested_date": order.requested_date,
        "instructions": order.instructions,
        "priority": order.priority.value,
        "part_delivery": order.part_delivery,
        "lines": [to_plain(ln) for ln in order.lines],
    }
