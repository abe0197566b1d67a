"""How a run is stored: JSON columns, the action log rows, and rebuilding the engine.

A rebuilt run is kept for the rest of its transaction (``memo``), so a request that
builds the form choices, applies an action and its shortcut follow-ups decodes the
stored documents once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Row, select

from portfolio.core.typing import Session
from portfolio.simulator import domain as engine
from portfolio.simulator.models import RunAction, SimulationRun
from portfolio.simulator.services.content import get_company
from portfolio.simulator.services.memo import transaction_memo


@dataclass(frozen=True)
class LoadedRun:
    """A stored run with its engine objects rebuilt."""

    run: SimulationRun
    company: engine.Company
    scenario: engine.Scenario
    state: engine.RunState


def dumps(value: Any) -> str:
    """Compact, deterministic JSON for stored documents."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def state_document(state: engine.RunState) -> str:
    """The stored state: everything except the log (kept as rows)."""
    return dumps(replace(state, log=()).to_dict())


def load_run(session: Session, run: SimulationRun) -> LoadedRun:
    """Rebuild the scenario and engine state of a stored run.

    The state column holds everything but the action log; the log is rebuilt from the
    append-only ``simulation_action`` rows, so saving an action costs the same however
    long the log has grown. Within one transaction the run is rebuilt once per version.
    """
    kept = transaction_memo(session).get(("run", run.id))
    if kept is not None and kept[0] == run.version:
        return kept[1]  # type: ignore[no-any-return]
    loaded = _rebuild(session, run)
    remember_run(session, loaded)
    return loaded


def remember_run(session: Session, loaded: LoadedRun) -> None:
    """Keep ``loaded`` as the run's current state for the rest of the transaction."""
    transaction_memo(session)[("run", loaded.run.id)] = (loaded.run.version, loaded)


def _rebuild(session: Session, run: SimulationRun) -> LoadedRun:
    """Decode the stored scenario, state and log rows of ``run``."""
    scenario = engine.Scenario.from_dict(json.loads(run.scenario))
    state = engine.RunState.from_dict(json.loads(run.state))
    rows = session.execute(
        select(
            RunAction.seq,
            RunAction.sim_time,
            RunAction.kind,
            RunAction.params,
            RunAction.accepted,
            RunAction.reasons,
            RunAction.warnings,
            RunAction.outcome,
        )
        .where(RunAction.run_id == run.id)
        .order_by(RunAction.seq)
    )
    log = tuple(_entry(row) for row in rows)
    return LoadedRun(run, get_company(session), scenario, replace(state, log=log))


def _entry(row: Row[int, int, str, str, bool, str, str, str]) -> engine.LogEntry:
    """A stored log row as the engine's LogEntry."""
    return engine.LogEntry(
        seq=row.seq,
        sim_time=row.sim_time,
        kind=row.kind,
        params=json.loads(row.params),
        accepted=row.accepted,
        reasons=tuple(json.loads(row.reasons)),
        warnings=tuple(json.loads(row.warnings)),
        outcome=json.loads(row.outcome),
    )


def log_row(run_id: int, entry: engine.LogEntry) -> RunAction:
    """The append-only row that stores one log entry."""
    return RunAction(
        run_id=run_id,
        seq=entry.seq,
        sim_time=entry.sim_time,
        kind=entry.kind,
        params=dumps(entry.params),
        accepted=entry.accepted,
        reasons=dumps(list(entry.reasons)),
        warnings=dumps(list(entry.warnings)),
        outcome=dumps(entry.outcome),
    )
