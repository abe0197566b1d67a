"""A demo clock: play the demo's history at past times, so dashboards show ages.

Every timestamp the app writes comes from ``portfolio.core.time.utcnow``, which reads
``datetime.now``; while the clock runs, that module's ``datetime`` is swapped for one
whose ``now`` answers the clock's time. Each reading moves the clock on by a second,
so events keep their order. Runtime code never imports this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, tzinfo

import portfolio.core.time as core_time


class DemoClock:
    """The time the demo pretends it is, set in days before the real today."""

    def __init__(self, now: datetime) -> None:
        """Start the clock a year before ``now``; it never passes ``now``."""
        self.limit = now - timedelta(minutes=5)
        self.base = datetime(now.year, now.month, now.day, tzinfo=UTC)
        self.current = self.base - timedelta(days=365)

    def at(self, days_ago: float, hour: int = 9) -> None:
        """Move to ``hour`` o'clock ``days_ago`` days before today (never backwards)."""
        moment = self.base - timedelta(days=days_ago) + timedelta(hours=hour)
        self.current = max(min(moment, self.limit), self.current)

    def today(self) -> date:
        """The clock's date."""
        return self.current.date()

    def tick(self) -> datetime:
        """The clock's time, then one second later for the next reading."""
        now = self.current
        self.current = now + timedelta(seconds=1)
        return now


@contextmanager
def demo_clock() -> Iterator[DemoClock]:
    """Run the block with ``utcnow`` answering a :class:`DemoClock`'s time."""
    real = core_time.datetime
    clock = DemoClock(real.now(UTC))

    class _ClockDatetime(datetime):
        """``datetime`` whose ``now`` reads the demo clock."""

        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
            moment = clock.tick()
            return moment.astimezone(tz) if tz else moment.replace(tzinfo=None)

    core_time.datetime = _ClockDatetime  # type: ignore[misc]
    try:
        yield clock
    finally:
        core_time.datetime = real  # type: ignore[misc]
