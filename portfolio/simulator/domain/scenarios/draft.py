"""The mutable working draft used while a scenario is being generated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from random import Random

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain.clock import date_of_day, day_index
from portfolio.simulator.domain.company.catalogue import (
    Incoming,
    Product,
    ProductKind,
    Stock,
)
from portfolio.simulator.domain.company.crm import Address, Contact, Customer
from portfolio.simulator.domain.company.model import Company
from portfolio.simulator.domain.errors import SeedDataError
from portfolio.simulator.domain.money import ZERO
from portfolio.simulator.domain.order.model import Priority
from portfolio.simulator.domain.scenarios.model import (
    Amendment,
    AsRequested,
    Channel,
    ComplicationFacts,
    RequiredIssue,
    ScheduledEvent,
)

QTY_RANGES = {
    "desks": (2, 12),
    "seating": (2, 16),
    "storage": (2, 8),
    "paper": (4, 30),
    "technology": (2, 14),
    "breakroom": (2, 10),
    "bespoke": (1, 6),
}


@dataclass
class DraftLine:
    """A line being built, with how the customer words it in the brief."""

    code: str
    qty: int
    claimed_by: str = ""
    asked_code: str = ""
    discount: Decimal = ZERO
    options: dict[str, str] = field(default_factory=dict)
    code_said: str | None = (
        None  # None: the brief may quote the code; "": it never does
    )
    name_said: str | None = None
    qty_said: str | None = None
    hidden_topics: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """Everything decided so far about a scenario being generated."""

    company: Company
    type: OrderType
    rng: Random
    start: datetime
    picks: list[tuple[str, str]]
    customer: Customer
    contact: Contact
    delivery: Address
    channel: Channel = Channel.EMAIL
    caller_name: str = ""
    caller_id: str | None = None
    caller_authorised: bool = True
    delivery_said: str = "usual"
    lines: list[DraftLine] = field(default_factory=list)
    requested_day: int = 0
    date_said: str | None = None
    customer_ref: str = ""
    instructions: str = ""
    keywords: tuple[str, ...] = ()
    priority: Priority = Priority.NORMAL
    part_delivery: bool = False
    stock: dict[str, Stock] = field(default_factory=dict)
    balance: Decimal | None = None
    credit_limit: Decimal | None = None
    events: list[ScheduledEvent] = field(default_factory=list)
    complications: list[ComplicationFacts] = field(default_factory=list)
    issues: list[RequiredIssue] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)
    must_ask: list[str] = field(default_factory=list)
    amendment: Amendment | None = None
    as_requested: AsRequested | None = None
    extra_text: list[str] = field(default_factory=list)
    discount_reason: str = ""
    shortage: tuple[str, int, str] | None = None
    brief_day: int = 0
    credit_over: bool = False
    persona: str = "patient"
    voice: Random = field(default_factory=Random)  # wording only: never the truth
    sender_address: str = ""  # an e-mail sent from an address the CRM does not hold
    opening_bid: Decimal | None = None  # a haggler asks for more than they settle for
    late_instructions: bool = False  # the instructions come only when asked or later

    def working_day(self, day: int) -> int:
        """``day`` (days after the start), moved forward to a working day."""
        when = date_of_day(self.start, day)
        return day_index(self.start, self.company.calendar.next_working_day(when))

    def product(self, code: str) -> Product:
        """A product that must exist."""
        product = self.company.product(code)
        if product is None:
            raise SeedDataError(f"the catalogue has no product {code}", "products")
        return product

    def stock_of(self, code: str) -> Stock:
        """Stock of ``code`` with this scenario's overrides."""
        return self.stock.get(code) or self.product(code).stock

    def set_stock(
        self, code: str, free: int, incoming: tuple[Incoming, ...] = ()
    ) -> None:
        """Override stock so that ``free`` units are free now."""
        reserved = self.product(code).stock.reserved
        self.stock[code] = Stock(reserved + free, reserved, incoming)

    def ensure_free(self, code: str, qty: int) -> None:
        """Make sure ``qty`` units are free now (keeping incoming deliveries)."""
        st = self.stock_of(code)
        if st.free_now < qty:
            extra = self.rng.randint(2, 12)
            self.stock[code] = Stock(
                st.reserved + qty + extra, st.reserved, st.incoming
            )

    def used(self) -> set[str]:
        """Codes already on the order (and their substitutes' originals)."""
        return {ln.code for ln in self.lines}

    def pick(self, test: Callable[[Product], bool]) -> Product | None:
        """A random unused, sellable product passing ``test``."""
        used = self.used()
        pool = [
            p
            for p in self.company.products
            if p.code not in used and not p.discontinued and test(p)
        ]
        return self.rng.choice(pool) if pool else None

    def pick_some(self, test: Callable[[Product], bool], what: str) -> Product:
        """Like :meth:`pick`, for a product the scenario cannot do without."""
        product = self.pick(test)
        if product is None:
            raise SeedDataError(
                f"the catalogue has no {what} left to order", "products"
            )
        return product

    def qty_for(self, product: Product) -> int:
        """A plausible quantity in whole packs, at least the minimum."""
        low, high = QTY_RANGES.get(product.category, (1, 10))
        packs = max(1, self.rng.randint(low, high) // product.pack_size)
        return max(product.min_qty, packs * product.pack_size)

    def add_line(
        self, product: Product, claimed_by: str = "", qty: int | None = None
    ) -> DraftLine:
        """Append a line for ``product``."""
        line = DraftLine(product.code, qty or self.qty_for(product), claimed_by)
        self.lines.append(line)
        return line

    def claim(self, cid: str, test: Callable[[Product], bool]) -> DraftLine:
        """A line for complication ``cid``: reuse an unclaimed one or add a product."""
        for line in self.lines:
            if not line.claimed_by and test(self.product(line.code)):
                line.claimed_by = cid
                return line
        product = self.pick(test) or self.pick_some(is_stock_item, "stock item")
        return self.add_line(product, cid)

    def brief_qty(self, line: DraftLine) -> int:
        """The quantity the customer first asks for."""
        a = self.amendment
        return a.from_qty if a is not None and a.code == line.code else line.qty

    def goods(self) -> list[DraftLine]:
        """Lines that are not services."""
        return [
            ln
            for ln in self.lines
            if self.product(ln.code).kind is not ProductKind.SERVICE
        ]

    def line_for(self, cid: str) -> DraftLine | None:
        """The line claimed by complication ``cid``, if it claimed one."""
        return next((ln for ln in self.lines if ln.claimed_by == cid), None)

    def claimed(self, cid: str) -> DraftLine:
        """The line complication ``cid`` claimed (its claim step always runs first)."""
        line = self.line_for(cid)
        if line is None:
            raise LookupError(f"complication {cid} claimed no line")
        return line


def is_stock_item(product: Product) -> bool:
    """A product held in stock (not made to order, not a service)."""
    return product.kind is ProductKind.STOCK and not product.discontinued
