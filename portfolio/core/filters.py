"""Template filters for UK dates and money, and template globals."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from flask import Flask

from portfolio.core.time import as_utc


def uk_date(value: date | datetime | str | None) -> str:
    """27 Nov 2026."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {value:%b %Y}"


def uk_datetime(value: datetime | None) -> str:
    """27 Nov 2026, 14:05 (UTC)."""
    if value is None:
        return ""
    value = as_utc(value)
    return f"{uk_date(value)}, {value:%H:%M}"


def money(value: Decimal | float | int | str | None) -> str:
    """£1,234.50."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.add_template_filter(uk_date, "uk_date")
    app.add_template_filter(uk_datetime, "uk_datetime")
    app.add_template_filter(money, "money")
    app.add_template_filter(json.loads, "fromjson")

    @app.context_processor
    def _globals() -> dict[str, object]:
        return {
            "CENTRE_NAME": app.config["CENTRE_NAME"],
        }
