"""The company's business calendar: working days, bank holidays, cut-off and lead times.

Built from ``seeds/calendar.yaml``; every date the simulator shows or checks goes
through it, so nothing is promised for a weekend or a bank holiday.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from portfolio.simulator.domain.money import dec

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class DeliveryService:
    """A chargeable delivery service (timed delivery, restricted access)."""

    code: str
    name: str
    price: Decimal
    before: time | None = None  # timed delivery: arrives before this time
    extra_days: int = 0  # working days the service adds (e.g. a smaller vehicle)


@dataclass(frozen=True)
class BusinessCalendar:
    """Working days and hours, bank holidays, dispatch cut-off and lead times."""

    bank_holidays: Mapping[date, str] = field(default_factory=dict)
    working_days: frozenset[int] = frozenset(range(5))
    opening: time = time(8, 30)
    closing: time = time(17, 0)
    dispatch_cutoff: time = time(14, 0)
    goods_in_days: int = 1
    carriers: Mapping[str, int] = field(
        default_factory=lambda: {"standard": 2, "next_day": 1}
    )
    services: tuple[DeliveryService, ...] = ()

    def is_working_day(self, when: date) -> bool:
        """Whether ``when`` is a weekday we work that is not a bank holiday."""
        return when.weekday() in self.working_days and when not in self.bank_holidays

    def holiday_name(self, when: date) -> str | None:
        """The bank holiday on ``when``, if any."""
        return self.bank_holidays.get(when)

    def next_working_day(self, when: date, *, include: bool = True) -> date:
        """``when`` if it is a working day (and ``include``), else the next one."""
        day = when if include else when + timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, when: date, days: int) -> date:
        """The working day ``days`` working days after ``when``."""
        day = self.next_working_day(when)
        for _ in range(days):
            day = self.next_working_day(day, include=False)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def is_open(self, moment: datetime) -> bool:
        """Whether the order desk is open at ``moment``."""
        return self.is_working_day(moment.date()) and (
            self.opening <= moment.time() < self.closing
        )

    def dispatch_date(self, moment: datetime) -> date:
        """When an order submitted at ``moment`` leaves the warehouse."""
        before_cutoff = moment.time() < self.dispatch_cutoff
        if self.is_working_day(moment.date()) and before_cutoff:
            return moment.date()
        return self.next_working_day(moment.date(), include=False)

    def lead_days(self, carrier: str = "standard") -> int:
        """The carrier's lead time in working days."""
        return self.carriers.get(carrier, max(self.carriers.values(), default=2))

    def delivery_date(
        self,
        moment: datetime,
        carrier: str = "standard",
        services: tuple[str, ...] = (),
    ) -> date:
        """Earliest delivery for an order from stock submitted at ``moment``."""
        extra = sum(s.extra_days for s in self.services if s.code in services)
        lead = self.lead_days(carrier) + extra
        return self.add_working_days(self.dispatch_date(moment), lead)

    def goods_available(self, arrival: date) -> date:
        """When goods arriving at the warehouse on ``arrival`` can be dispatched."""
        return self.add_working_days(arrival, self.goods_in_days)

    def delivery_from_incoming(self, arrival: date, carrier: str = "standard") -> date:
        """Earliest delivery to the customer of goods due in on ``arrival``."""
        return self.add_working_days(
            self.goods_available(arrival), self.lead_days(carrier)
        )

    def earliest_dispatch(self, moment: datetime, arrival: date | None = None) -> date:
        """First dispatch for an order taken at ``moment`` (cut-off, then goods-in).

        Goods still due in on ``arrival`` also wait the goods-in processing days.
        """
        ready = self.dispatch_date(moment)
        if arrival is None:
            return ready
        return max(ready, self.goods_available(arrival))

    def earliest_delivery(
        self,
        moment: datetime,
        arrival: date | None = None,
        carrier: str = "standard",
        services: tuple[str, ...] = (),
    ) -> date:
        """Earliest delivery: dispatch, then the carrier's lead time.

        A delivery service (e.g. a smaller vehicle) may add working days.
        """
        extra = sum(s.extra_days for s in self.services if s.code in services)
        return self.add_working_days(
            self.earliest_dispatch(moment, arrival), self.lead_days(carrier) + extra
        )

    def service(self, code: str) -> DeliveryService | None:
        """The delivery service with ``code``."""
        return next((s for s in self.services if s.code == code), None)


def _clock(text: object, default: time) -> time:
    """Parse ``HH:MM``."""
    return time.fromisoformat(str(text)) if text else default


def _service(d: Mapping[str, Any]) -> DeliveryService:
    """Build one delivery service."""
    before = d.get("before")
    return DeliveryService(
        str(d["code"]),
        str(d["name"]),
        dec(d["price"]),
        time.fromisoformat(str(before)) if before else None,
        int(d.get("extra_days", 0)),
    )


def calendar_from_dict(d: Mapping[str, Any] | None) -> BusinessCalendar:
    """Build the calendar from its seed document (defaults when absent)."""
    if not d:
        return BusinessCalendar()
    base = BusinessCalendar()
    days = d.get("working_days")
    return BusinessCalendar(
        bank_holidays={
            date.fromisoformat(str(h["date"])): str(h["name"])
            for h in d.get("bank_holidays") or ()
        },
        working_days=frozenset(DAY_NAMES.index(x) for x in days)
        if days
        else base.working_days,
        opening=_clock(d.get("opening"), base.opening),
        closing=_clock(d.get("closing"), base.closing),
        dispatch_cutoff=_clock(d.get("dispatch_cutoff"), base.dispatch_cutoff),
        goods_in_days=int(d.get("goods_in_days", base.goods_in_days)),
        carriers={str(c["key"]): int(c["lead_days"]) for c in d.get("carriers") or ()}
        or dict(base.carriers),
        services=tuple(_service(s) for s in d.get("services") or ()),
    )
