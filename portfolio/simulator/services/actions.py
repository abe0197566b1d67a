"""Learner actions: apply one to a run, store it, and score the run when it ends."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError
from portfolio.simulator import domain as engine
from portfolio.simulator.models import SimulationRun
from portfolio.simulator.services.runs import get_own_active_run
from portfolio.simulator.services.stored import (
    LoadedRun,
    dumps,
    load_run,
    log_row,
    remember_run,
    remember_stored,
    state_document,
)


def take_action(
    session: Session,
    run_id: int,
    *,
    actor: User,
    kind: str,
    params: Mapping[str, Any],
    expected_version: int | None = None,
) -> engine.LogEntry:
    """Apply one learner action to the actor's own active run; return the log entry."""
    run = get_own_active_run(session, run_id, actor=actor)
    if expected_version is not None and expected_version != run.version:
        raise ConflictError(
            "This scenario changed in another window. Reload and try again."
        )
    loaded = load_run(session, run)
    result = engine.apply_action(
        loaded.company, loaded.scenario, loaded.state, engine.Action(kind, dict(params))
    )
    _store(session, loaded, result)
    remember_run(session, replace(loaded, state=result.state))
    return result.entry


def _store(session: Session, loaded: LoadedRun, result: engine.ActionResult) -> None:
    """Persist the new state, append the log entry and finish the run if it ended."""
    run, entry = loaded.run, result.entry
    run.state = state_document(result.state)
    run.order_state = str(engine.order_state(result.state))
    run.action_count = entry.seq
    row = log_row(run.id, entry)
    session.add(row)
    if engine.is_finished(result.state):
        _finish(session, run, loaded, result.state)
    session.flush()
    remember_stored(session, loaded, result.state, row)


def _finish(
    session: Session, run: SimulationRun, loaded: LoadedRun, state: engine.RunState
) -> None:
    """Score a finished run and record it."""
    company, scenario = loaded.company, loaded.scenario
    score = engine.score_run(company, scenario, state).to_dict()
    met = [code for code, c in score["criteria"].items() if c["met"]]
    run.status = "finished"
    run.finished_at = utcnow()
    run.score = dumps(score)
    run.criteria_met = len(met)
    run.all_met = len(met) == len(score["criteria"])
    run.kpis = dumps(engine.run_kpis(company, scenario, state))
    record_event(
        session,
        actor=run.learner,
        action="simulator.run_finish",
        object_type="simulation_run",
        object_id=run.id,
        learner_id=run.learner_id,
        details={"met": met},
    )
