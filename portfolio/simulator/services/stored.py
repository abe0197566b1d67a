"""How a run is stored: JSON columns, the action log rows, and rebuilding the engine.

A rebuilt run is kept for the rest of its transaction (``memo``), so a request that
builds the form choices, applies an action and its shortcut follow-ups decodes the
stored documents once. Across requests each process keeps the decoded documents of the
runs it served last (``run_cache``): a run whose row still has the kept stamp (version
and updated_at) is served as kept, without reading its log; otherwise a stored
document is reused only when its text is the same, and the append-only log only when
its last kept row still reads the same, so the cache is never a second source of
truth, only a way to skip reading and decoding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import inspect, select

from portfolio.core.typing import Session
from portfolio.simulator import domain as engine
from portfolio.simulator.models import RunAction, SimulationRun
from portfolio.simulator.services.content import get_company
from portfolio.simulator.services.memo import transaction_memo
from portfolio.simulator.services.run_cache import (
    KeptRun,
    RawRow,
    keep_run,
    kept_run,
    stamp_of,
)


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


def _row_bytes(row: RawRow) -> int:
    """The stored text of one log row."""
    return len(row[3]) + len(row[5]) + len(row[6]) + len(row[7])


_LOG_COLUMNS = (
    RunAction.seq,
    RunAction.sim_time,
    RunAction.kind,
    RunAction.params,
    RunAction.accepted,
    RunAction.reasons,
    RunAction.warnings,
    RunAction.outcome,
)


@dataclass(frozen=True)
class _Log:
    """A run's decoded log, its last stored row and the text of all its rows."""

    entries: tuple[engine.LogEntry, ...]
    last_row: RawRow | None
    size: int


def _rebuild(session: Session, run: SimulationRun) -> LoadedRun:
    """Decode the stored scenario, state and log rows of ``run``.

    A run whose row still has the stamp this process kept is served as kept. Else
    documents whose text this process decoded before are not decoded again; of the
    log only the rows after the last kept one are read, once that row is found
    unchanged (a rolled-back or restored run reads its whole log again).
    """
    kept = kept_run(session, run.id)
    stamp = stamp_of(run)
    if kept is not None and kept.stamp == stamp and not inspect(run).modified:
        return LoadedRun(
            run, get_company(session), kept.scenario, replace(kept.state, log=kept.log)
        )
    if kept is not None and kept.scenario_text == run.scenario:
        scenario = kept.scenario
    else:
        scenario = engine.Scenario.from_dict(json.loads(run.scenario))
    if kept is not None and kept.state_text == run.state:
        state = kept.state
    else:
        state = replace(engine.RunState.from_dict(json.loads(run.state)), log=())
    log = _log(session, run.id, kept)
    keep_run(
        session,
        run.id,
        KeptRun(
            run.scenario,
            scenario,
            run.state,
            state,
            log.entries,
            log.last_row,
            log.size,
            stamp,
        ),
    )
    return LoadedRun(
        run, get_company(session), scenario, replace(state, log=log.entries)
    )


def _log(session: Session, run_id: int, kept: KeptRun | None) -> _Log:
    """The run's log: what was kept and the rows after it, or every row."""
    query = select(*_LOG_COLUMNS).where(RunAction.run_id == run_id)
    if kept is not None and kept.last_row is not None:
        after = len(kept.log)
        rows: list[RawRow] = [
            tuple(r)  # type: ignore[misc]
            for r in session.execute(
                query.where(RunAction.seq >= after).order_by(RunAction.seq)
            )
        ]
        if rows and rows[0] == kept.last_row and kept.log[-1].seq == after:
            return _Log(
                kept.log + tuple(_entry(r) for r in rows[1:]),
                rows[-1],
                kept.log_bytes + sum(_row_bytes(r) for r in rows[1:]),
            )
    rows = [tuple(r) for r in session.execute(query.order_by(RunAction.seq))]  # type: ignore[misc]
    return _Log(
        tuple(_entry(r) for r in rows),
        rows[-1] if rows else None,
        sum(_row_bytes(r) for r in rows),
    )


def remember_stored(
    session: Session, loaded: LoadedRun, state: engine.RunState, row: RunAction
) -> None:
    """Keep the state just stored for ``loaded`` and its new log row for later requests.

    Kept with the run's new stamp, and only once the transaction commits: a
    rolled-back action is never reused.
    """
    run = loaded.run
    stored: RawRow = (
        row.seq,
        row.sim_time,
        row.kind,
        row.params,
        row.accepted,
        row.reasons,
        row.warnings,
        row.outcome,
    )
    before = kept_run(session, run.id)
    if before is None or len(before.log) != len(state.log) - 1:
        return  # not kept (or kept no more): the next request reads the rows
    keep_run(
        session,
        run.id,
        KeptRun(
            run.scenario,
            loaded.scenario,
            run.state,
            replace(state, log=()),
            state.log,
            stored,
            before.log_bytes + _row_bytes(stored),
            stamp_of(run),
        ),
    )


def _entry(row: RawRow) -> engine.LogEntry:
    """A stored log row as the engine's LogEntry."""
    seq, sim_time, kind, params, accepted, reasons, warnings, outcome = row
    return engine.LogEntry(
        seq=seq,
        sim_time=sim_time,
        kind=kind,
        params=json.loads(params),
        accepted=accepted,
        reasons=tuple(json.loads(reasons)),
        warnings=tuple(json.loads(warnings)),
        outcome=json.loads(outcome),
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
