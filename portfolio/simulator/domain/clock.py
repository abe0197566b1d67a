"""The simulated clock: minutes since a scenario starts, and UK date wording."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

DAY = 1440
SIM_EPOCH = date(2026, 1, 5)  # a Monday; scenario start dates are drawn after it
WEEKDAYS = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def parse_start(start: str) -> datetime:
    """Parse a scenario's ISO start time."""
    return datetime.fromisoformat(start)


def at(start: datetime, minutes: int) -> datetime:
    """The wall-clock time ``minutes`` after ``start``."""
    return start + timedelta(minutes=minutes)


def day_of(start: datetime, minutes: int) -> int:
    """Days since the start date at sim time ``minutes`` (0 on the first day)."""
    return (at(start, minutes).date() - start.date()).days


def date_of_day(start: datetime, day: int) -> date:
    """The calendar date ``day`` days after the start date."""
    return start.date() + timedelta(days=day)


def day_index(start: datetime, when: date) -> int:
    """Days between the start date and ``when``."""
    return (when - start.date()).days


def minute_at(start: datetime, day: int, clock: time) -> int:
    """Sim minutes at ``clock`` o'clock on day ``day`` (may be negative)."""
    moment = datetime.combine(date_of_day(start, day), clock)
    return int((moment - start).total_seconds() // 60)


def end_of_day(start: datetime, when: date) -> int:
    """Sim minute of 23:59 on ``when``."""
    return minute_at(start, day_index(start, when), time(23, 59))


def long_date(when: date) -> str:
    """E.g. ``Friday 13 March``."""
    return f"{WEEKDAYS[when.weekday()]} {when.day} {MONTHS[when.month - 1]}"


def uk_date(when: date) -> str:
    """E.g. ``13 Mar 2026``."""
    return f"{when.day} {MONTHS[when.month - 1][:3]} {when.year}"


def date_variants(when: date) -> tuple[str, ...]:
    """Ways a person might write ``when`` in a note (for matching key facts)."""
    month = MONTHS[when.month - 1]
    return (
        when.isoformat(),
        f"{when.day} {month}",
        f"{when.day} {month[:3]}",
        f"{when.day:02d}/{when.month:02d}",
        f"{when.day}/{when.month}",
        f"{ordinal(when.day)} {month}",
        f"{ordinal(when.day)} {month[:3]}",
    )


def ordinal(n: int) -> str:
    """E.g. ``1st``, ``22nd``, ``13th``."""
    suffix = (
        "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    )
    return f"{n}{suffix}"


def clock_text(moment: datetime) -> str:
    """E.g. ``Tue 13 Jan 10:42``."""
    return (
        f"{WEEKDAYS[moment.weekday()][:3]} {uk_date(moment.date())[:-5]} {moment:%H:%M}"
    )
