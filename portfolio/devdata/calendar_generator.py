"""Generate the simulated company's business calendar (``seeds/calendar.yaml``).

Bank holidays for England and Wales come from the ``holidays`` package at generation
time only; the committed YAML is the source of truth, so the simulator's domain never
imports the package. Regenerate with ``python -m portfolio.devdata.calendar_generator``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import holidays
import yaml

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "seeds" / "calendar.yaml"
YEARS = range(2025, 2030)

RULES: dict[str, Any] = {
    "region": "England and Wales",
    "working_days": ["Mon", "Tue", "Wed", "Thu", "Fri"],
    "opening": "08:30",
    "closing": "17:00",
    "dispatch_cutoff": "14:00",
    "goods_in_days": 1,
    "carriers": [
        {"key": "standard", "name": "Standard pallet and parcel", "lead_days": 2},
        {"key": "next_day", "name": "Next working day (express)", "lead_days": 1},
    ],
    "services": [
        {
            "code": "SRV-TIMED-1000",
            "name": "Timed delivery before 10:00",
            "price": "25.00",
            "before": "10:00",
        },
        {
            "code": "SRV-TIMED-1200",
            "name": "Timed delivery before 12:00",
            "price": "15.00",
            "before": "12:00",
        },
        {
            "code": "SRV-ACC-7T5",
            "name": "Restricted access: 7.5 tonne vehicle with tail lift",
            "price": "45.00",
            "extra_days": 1,
        },
    ],
}


def bank_holidays(years: range = YEARS) -> list[dict[str, str]]:
    """England and Wales bank holidays in ``years``, in date order."""
    table = holidays.country_holidays("GB", subdiv="ENG", years=list(years))
    return [{"date": d.isoformat(), "name": str(n)} for d, n in sorted(table.items())]


def main(argv: list[str] | None = None) -> int:
    """Write the calendar seed file (default ``seeds/calendar.yaml``)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_PATH
    doc = {
        "generated_by": "portfolio.devdata.calendar_generator",
        **RULES,
        "bank_holidays": bank_holidays(),
    }
    header = (
        "# Business calendar of the simulated company: working days and hours,\n"
        "# dispatch cut-off, goods-in and carrier lead times, delivery services and\n"
        f"# England and Wales bank holidays {YEARS[0]}-{YEARS[-1]} (holidays).\n"
        "# Committed as the source of truth; regenerate with\n"
        "#   python -m portfolio.devdata.calendar_generator\n"
    )
    path.write_text(
        header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=88),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
