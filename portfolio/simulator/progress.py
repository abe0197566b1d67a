"""A learner's simulator progress: KPIs over time, from finished runs (one query)."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.simulator.charts import Point, bar_chart, line_chart
from portfolio.simulator.models import SimulationRun

TYPES = ("standard", "bespoke", "urgent")


def _rows(session: Session, learner_id: int) -> list[tuple[Any, ...]]:
    """Finished and abandoned runs, oldest first, only the columns needed."""
    stmt = (
        select(
            SimulationRun.id,
            SimulationRun.scenario_type,
            SimulationRun.status,
            SimulationRun.all_met,
            SimulationRun.kpis,
            SimulationRun.finished_at,
        )
        .where(
            SimulationRun.learner_id == learner_id,
            SimulationRun.status.in_(("finished", "abandoned")),
        )
        .order_by(SimulationRun.finished_at, SimulationRun.id)
    )
    return list(session.execute(stmt))


def _rate(values: list[bool]) -> float:
    """Share of True values, as a percentage."""
    return round(100 * sum(values) / len(values), 1) if values else 0.0


def learner_progress(session: Session, learner_id: int) -> dict[str, Any]:
    """KPI summary, per-run series as SVG charts, and order types still missing."""
    rows = _rows(session, learner_id)
    finished = [(r, json.loads(r.kpis or "{}")) for r in rows if r.status == "finished"]
    by_type = Counter(r.scenario_type for r, _ in finished)
    label = [f"#{i}" for i in range(1, len(finished) + 1)]
    ftr = [bool(k.get("first_time_right")) for _, k in finished]
    errors = [int(k.get("errors") or 0) for _, k in finished]
    minutes = [int(k.get("handling_minutes") or 0) for _, k in finished]
    timely = [
        k["follow_up_timeliness"]
        for _, k in finished
        if k.get("follow_up_timeliness") is not None
    ]
    values = [
        Decimal(k.get("order_value") or "0") for _, k in finished if k.get("converted")
    ]
    converted = [bool(k.get("converted")) for _, k in finished]
    summary = {
        "completed": len(finished),
        "abandoned": len(rows) - len(finished),
        "first_time_right": _rate(ftr),
        "errors_per_order": round(sum(errors) / len(errors), 2) if errors else 0.0,
        "handling_minutes": round(sum(minutes) / len(minutes)) if minutes else 0,
        "follow_up_timeliness": round(100 * sum(timely) / len(timely), 1)
        if timely
        else None,
        "average_order_value": (sum(values) / len(values)).quantize(Decimal("0.01"))
        if values
        else Decimal("0.00"),
        "conversion": _rate(converted),
        "competent_runs": sum(1 for r, _ in finished if r.all_met),
    }
    charts = {
        "by_type": bar_chart(
            [Point(t.capitalize(), by_type.get(t, 0)) for t in TYPES],
            title="Scenarios completed by type",
        ),
        "first_time_right": line_chart(
            [
                Point(lab, 100.0 if ok else 0.0)
                for lab, ok in zip(label, ftr, strict=True)
            ],
            title="First time right, run by run",
            unit="%",
            y_max=100,
        ),
        "errors": line_chart(
            [Point(lab, e) for lab, e in zip(label, errors, strict=True)],
            title="Errors per order, run by run",
        ),
        "handling": line_chart(
            [Point(lab, m) for lab, m in zip(label, minutes, strict=True)],
            title="Simulated handling time in minutes, run by run",
        ),
        "value": bar_chart(
            [
                Point(lab, float(k.get("order_value") or 0))
                for lab, (_, k) in zip(label, finished, strict=True)
            ],
            title="Order value, run by run",
            unit="£",
        ),
    }
    missing = [t for t in TYPES if by_type.get(t, 0) == 0]
    return {
        "summary": summary,
        "charts": charts,
        "missing": missing,
        "by_type": {t: by_type.get(t, 0) for t in TYPES},
    }
