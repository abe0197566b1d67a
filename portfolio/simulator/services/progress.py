"""A learner's simulator progress: KPIs over time, from finished runs (one query)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, select

from portfolio.auth.models import User
from portfolio.core.typing import Session
from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain.scoring.instead import instead_for
from portfolio.simulator.models import SimulationRun
from portfolio.simulator.services.learners import get_learner


@dataclass(frozen=True)
class RunFigures:
    """The KPIs of one finished run."""

    run_id: int
    order_type: OrderType
    all_met: bool
    first_time_right: bool
    errors: int
    handling_minutes: int
    follow_up_timeliness: float | None
    converted: bool
    order_value: Decimal
    finished: date | None = None
    mode: str = "practice"
    difficulty: str = ""
    points: tuple[tuple[str, bool], ...] = ()
    failed_rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recurring:
    """A finding that came back: how often, and in which runs (newest first)."""

    rule: str
    instead: str
    runs: tuple[RunFigures, ...]


@dataclass(frozen=True)
class ProgressSummary:
    """Headline figures over all finished runs."""

    completed: int
    abandoned: int
    first_time_right: float
    errors_per_order: float
    handling_minutes: int
    follow_up_timeliness: float | None
    average_order_value: Decimal
    conversion: float
    competent_runs: int


@dataclass(frozen=True)
class Progress:
    """A learner's finished runs, oldest first, their summary and order types."""

    runs: tuple[RunFigures, ...]
    summary: ProgressSummary
    by_type: Mapping[OrderType, int]
    missing: tuple[OrderType, ...]
    recurring: tuple[Recurring, ...] = ()


def get_progress(session: Session, learner_id: int, *, actor: User) -> Progress:
    """KPI summary, per-run figures and order types still missing for a learner."""
    if learner_id != actor.id:
        get_learner(session, learner_id, actor=actor)
    rows = _rows(session, learner_id)
    runs = tuple(_figures(r) for r in rows if r.status == "finished")
    counts = Counter(r.order_type for r in runs)
    by_type = {t: counts.get(t, 0) for t in OrderType}
    return Progress(
        runs=runs,
        summary=_summary(runs, abandoned=len(rows) - len(runs)),
        by_type=by_type,
        missing=tuple(t for t, n in by_type.items() if n == 0),
        recurring=recurring_findings(runs),
    )


def recurring_findings(runs: Sequence[RunFigures]) -> tuple[Recurring, ...]:
    """Failed checks ranked by how many runs they spoiled (ties: most recent first)."""
    seen: dict[str, list[RunFigures]] = {}
    for run in reversed(runs):
        for rule in dict.fromkeys(run.failed_rules):
            seen.setdefault(rule, []).append(run)
    ranked = sorted(seen.items(), key=lambda kv: (-len(kv[1]), -kv[1][0].run_id))
    return tuple(
        Recurring(rule, instead_for(rule), tuple(found)) for rule, found in ranked
    )


def _rows(session: Session, learner_id: int) -> list[Row[Any]]:
    """Finished and abandoned runs, oldest first, only the columns needed."""
    stmt = (
        select(
            SimulationRun.id,
            SimulationRun.scenario_type,
            SimulationRun.status,
            SimulationRun.all_met,
            SimulationRun.kpis,
            SimulationRun.finished_at,
            SimulationRun.score,
            SimulationRun.mode,
            SimulationRun.difficulty,
        )
        .where(
            SimulationRun.learner_id == learner_id,
            SimulationRun.status.in_(("finished", "abandoned")),
        )
        .order_by(SimulationRun.finished_at, SimulationRun.id)
    )
    return list(session.execute(stmt))


def _figures(row: Row[Any]) -> RunFigures:
    """One finished run's KPIs, from its stored JSON."""
    kpis = json.loads(row.kpis or "{}")
    score = json.loads(row.score or "{}")
    timely = kpis.get("follow_up_timeliness")
    return RunFigures(
        run_id=row.id,
        order_type=OrderType(row.scenario_type),
        all_met=bool(row.all_met),
        first_time_right=bool(row.all_met),  # all four marking points met
        errors=int(kpis.get("errors") or 0),
        handling_minutes=int(kpis.get("handling_minutes") or 0),
        follow_up_timeliness=None if timely is None else float(timely),
        converted=bool(kpis.get("converted")),
        order_value=Decimal(kpis.get("order_value") or "0"),
        finished=row.finished_at.date() if row.finished_at else None,
        mode=row.mode or "practice",
        difficulty=row.difficulty or "",
        points=tuple(
            (code, bool(c.get("met"))) for code, c in score.get("criteria", {}).items()
        ),
        failed_rules=tuple(
            f["rule"]
            for c in score.get("criteria", {}).values()
            for f in c.get("findings", [])
            if f.get("severity") == "fail"
        ),
    )


def _rate(values: Sequence[bool]) -> float:
    """Share of True values, as a percentage."""
    return round(100 * sum(values) / len(values), 1) if values else 0.0


def _mean(values: Sequence[float]) -> float | None:
    """The average, or None for no values."""
    return sum(values) / len(values) if values else None


def _summary(runs: Sequence[RunFigures], *, abandoned: int) -> ProgressSummary:
    """Averages and rates over the finished runs."""
    errors = _mean([r.errors for r in runs])
    minutes = _mean([r.handling_minutes for r in runs])
    timely = [t for r in runs if (t := r.follow_up_timeliness) is not None]
    values = [r.order_value for r in runs if r.converted]
    average = sum(values, Decimal(0)) / len(values) if values else Decimal("0.00")
    return ProgressSummary(
        completed=len(runs),
        abandoned=abandoned,
        first_time_right=_rate([r.first_time_right for r in runs]),
        errors_per_order=0.0 if errors is None else round(errors, 2),
        handling_minutes=0 if minutes is None else round(minutes),
        follow_up_timeliness=round(100 * sum(timely) / len(timely), 1)
        if timely
        else None,
        average_order_value=average.quantize(Decimal("0.01")),
        conversion=_rate([r.converted for r in runs]),
        competent_runs=sum(1 for r in runs if r.all_met),
    )
