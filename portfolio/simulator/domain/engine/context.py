"""The company and scenario an action runs against, with scenario-aware lookups."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from functools import cached_property

from portfolio.simulator.domain.clock import (
    DAY,
    at,
    date_of_day,
    day_index,
    day_of,
    parse_start,
)
from portfolio.simulator.domain.company.catalogue import Product, Stock
from portfolio.simulator.domain.company.crm import Customer
from portfolio.simulator.domain.company.model import Company
from portfolio.simulator.domain.company.policy import Policy
from portfolio.simulator.domain.money import dec
from portfolio.simulator.domain.scenarios.model import Scenario


@dataclass(frozen=True)
class Ctx:
    """What every action handler needs besides the run state."""

    company: Company
    scenario: Scenario

    @cached_property
    def start(self) -> datetime:
        """When the scenario starts."""
        return parse_start(self.scenario.start)

    @property
    def policy(self) -> Policy:
        """The policy handbook."""
        return self.company.policy

    def product(self, code: str | None) -> Product | None:
        """A product by code."""
        return self.company.product(code)

    @cached_property
    def _seen(self) -> dict[str | None, Customer | None]:
        """Customers already looked up in this context."""
        return {}

    def customer(self, account: str | None) -> Customer | None:
        """A customer as this scenario sees them (balance overrides applied)."""
        if account not in self._seen:
            self._seen[account] = self._customer(account)
        return self._seen[account]

    def _customer(self, account: str | None) -> Customer | None:
        """Look a customer up and apply the scenario's account overrides."""
        c = self.company.customer(account)
        extra = self.scenario.account_overrides.get(c.account) if c else None
        if c is None or not extra:
            return c
        return replace(
            c,
            balance=dec(extra.get("balance", c.balance)),
            credit_limit=dec(extra.get("credit_limit", c.credit_limit)),
        )

    def base_stock(self, code: str) -> Stock:
        """Stock of ``code`` at the start of this scenario."""
        override = self.scenario.stock_overrides.get(code)
        if override is not None:
            return override
        product = self.company.product(code)
        return product.stock if product else Stock(0, 0)

    def day(self, minutes: int) -> int:
        """Day index (0 = start day) at sim minute ``minutes``."""
        return day_of(self.start, minutes)

    def day_of_date(self, iso: str) -> int:
        """Day index of an ISO date."""
        return day_index(self.start, date.fromisoformat(iso))

    def date(self, day: int) -> date:
        """Calendar date of day index ``day``."""
        return date_of_day(self.start, day)

    def minute(self, day: int, clock: time) -> int:
        """Sim minute at ``clock`` on day ``day``."""
        moment = datetime.combine(self.date(day), clock)
        return int((moment - self.start).total_seconds() // 60)

    def time_of_day(self, minutes: int) -> time:
        """Wall-clock time at sim minute ``minutes``."""
        return at(self.start, minutes).time()

    def cutoff(self) -> time:
        """The urgent dispatch cut-off from policy 6.1."""
        hh, mm = self.policy.text("urgent_cutoff", "cutoff").split(":")
        return time(int(hh), int(mm))


__all__ = ["DAY", "Ctx"]
