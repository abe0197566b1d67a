"""Simulator use cases: start runs, apply learner actions, debriefs, tasks."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.auth import scopes
from portfolio.audit.services import record_event
from portfolio.auth.models import Role, User
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.simulator import content
from portfolio.simulator import domain as engine
from portfolio.simulator.models import PracticeTask, RunAction, SimulationRun
from portfolio.core.time import utcnow

TYPES = ("standard", "bespoke", "urgent")
DIFFICULTIES = ("easy", "medium", "hard")
MAX_SEED = 999_999


def _dumps(value: Any) -> str:
    """Compact, deterministic JSON for stored documents."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def _check_spec(
    scenario_type: str,
    difficulty: str,
    seed: int | None,
    complications: list[str] | None,
) -> None:
    """Refuse an unknown type, difficulty, seed or complication."""
    if scenario_type not in TYPES:
        raise ValidationError(f"Choose one of {', '.join(TYPES)}.", "scenario_type")
    if difficulty not in DIFFICULTIES:
        raise ValidationError(f"Choose one of {', '.join(DIFFICULTIES)}.", "difficulty")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise ValidationError(f"The seed must be between 0 and {MAX_SEED}.", "seed")
    unknown = sorted(set(complications or ()) - set(engine.COMPLICATIONS))
    if unknown:
        raise ValidationError(
            f"Unknown complication: {', '.join(unknown)}.", "complications"
        )


def start_run(
    session: Session,
    *,
    actor: User,
    scenario_type: str,
    difficulty: str,
    seed: int | None = None,
    complications: list[str] | None = None,
    task: PracticeTask | None = None,
) -> SimulationRun:
    """Generate a scenario and open a run for the learner ``actor``."""
    if not actor.has_role(Role.LEARNER):
        raise NotFoundError("only learners practise")
    _check_spec(scenario_type, difficulty, seed, complications)
    seed = secrets.randbelow(MAX_SEED + 1) if seed is None else seed
    company = content.company(session)
    scenario = engine.generate_scenario(
        company,
        engine.ScenarioSpec(
            scenario_type,
            difficulty,
            seed,
            tuple(complications) if complications else None,
        ),
    )
    state = engine.new_run(company, scenario)
    run = SimulationRun(
        learner_id=actor.id,
        task_id=task.id if task else None,
        scenario_type=scenario_type,
        difficulty=difficulty,
        seed=seed,
        complications=_dumps(sorted(complications or [])),
        content_sha=content.content_sha(session),
        scenario=_dumps(scenario.to_dict()),
        state=_state_doc(state),
        order_state=str(engine.order_state(state)),
    )
    session.add(run)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="simulator.run_start",
        object_type="simulation_run",
        object_id=run.id,
        learner_id=actor.id,
        details={
            "type": scenario_type,
            "difficulty": difficulty,
            "seed": seed,
            "complications": sorted(complications or []),
        },
    )
    return run


def get_run(session: Session, run_id: int, *, actor: User) -> SimulationRun:
    """A run the actor may see (the learner's own, or a learner in their scope)."""
    run = session.get(SimulationRun, run_id)
    if run is None:
        raise NotFoundError(f"run {run_id}")
    if run.learner_id == actor.id and actor.has_role(Role.LEARNER):
        return run
    if actor.has_role(Role.ASSESSOR, Role.IQA, Role.ADMIN) and scopes.can_view_learner(
        session, actor, run.learner_id
    ):
        return run
    raise NotFoundError(f"run {run_id}")


@dataclass(frozen=True)
class Loaded:
    """A run with its engine objects rebuilt."""

    run: SimulationRun
    company: Any
    scenario: Any
    state: Any


def load(session: Session, run: SimulationRun) -> Loaded:
    """Rebuild the scenario and engine state of a stored run.

    The state column holds everything but the action log; the log is rebuilt from the
    append-only ``simulation_action`` rows, so saving an action costs the same however
    long the log has grown.
    """
    company = content.company(session)
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
    return Loaded(run, company, scenario, replace(state, log=log))


def _entry(row: Any) -> Any:
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


def _state_doc(state: Any) -> str:
    """The stored state: everything except the log (kept as rows)."""
    return _dumps(replace(state, log=()).to_dict())


def act(
    session: Session,
    run_id: int,
    *,
    actor: User,
    kind: str,
    params: Mapping[str, Any],
    expected_version: int | None = None,
) -> Any:
    """Apply one learner action to the actor's own active run; return the log entry."""
    run = session.get(SimulationRun, run_id)
    if run is None or run.learner_id != actor.id:
        raise NotFoundError(f"run {run_id}")
    if run.status != "active":
        raise ConflictError("This scenario has finished. Start a new one to practise.")
    if expected_version is not None and expected_version != run.version:
        raise ConflictError(
            "This scenario changed in another window. Reload and try again."
        )
    loaded = load(session, run)
    result = engine.apply_action(
        loaded.company, loaded.scenario, loaded.state, engine.Action(kind, dict(params))
    )
    _store(session, run, loaded, result)
    return result.entry


def _store(session: Session, run: SimulationRun, loaded: Loaded, result: Any) -> None:
    """Persist the new state, append the log entry and finish the run if it ended."""
    entry = result.entry
    run.state = _state_doc(result.state)
    run.order_state = str(engine.order_state(result.state))
    run.action_count = entry.seq
    session.add(
        RunAction(
            run_id=run.id,
            seq=entry.seq,
            sim_time=entry.sim_time,
            kind=entry.kind,
            params=_dumps(entry.params),
            accepted=entry.accepted,
            reasons=_dumps(list(entry.reasons)),
            warnings=_dumps(list(entry.warnings)),
            outcome=_dumps(entry.outcome),
        )
    )
    if engine.is_finished(result.state):
        _finish(session, run, loaded.company, loaded.scenario, result.state)
    session.flush()


def _finish(
    session: Session, run: SimulationRun, company: Any, scenario: Any, state: Any
) -> None:
    """Score a finished run and record it."""
    score = engine.score_run(company, scenario, state).to_dict()
    met = [code for code, c in score["criteria"].items() if c["met"]]
    run.status = "finished"
    run.finished_at = utcnow()
    run.score = _dumps(score)
    run.criteria_met = len(met)
    run.all_met = len(met) == len(score["criteria"])
    run.kpis = _dumps(engine.run_kpis(company, scenario, state))
    record_event(
        session,
        actor=run.learner,
        action="simulator.run_finish",
        object_type="simulation_run",
        object_id=run.id,
        learner_id=run.learner_id,
        details={"met": met},
    )


def abandon_run(session: Session, run_id: int, *, actor: User) -> SimulationRun:
    """Stop an active run without scoring it (it stays in the list)."""
    run = session.get(SimulationRun, run_id)
    if run is None or run.learner_id != actor.id:
        raise NotFoundError(f"run {run_id}")
    if run.status != "active":
        raise ConflictError("Only an active scenario can be abandoned.")
    run.status = "abandoned"
    run.finished_at = utcnow()
    record_event(
        session,
        actor=actor,
        action="simulator.run_abandon",
        object_type="simulation_run",
        object_id=run.id,
        learner_id=actor.id,
    )
    session.flush()
    return run


def list_runs(
    session: Session, *, learner_id: int, page: int = 1, per_page: int = 20
) -> tuple[list[SimulationRun], int]:
    """One page of a learner's runs, newest first, and the total."""
    base = select(SimulationRun).where(SimulationRun.learner_id == learner_id)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.scalars(
        base.order_by(SimulationRun.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(rows), total


def run_log(session: Session, run: SimulationRun) -> list[RunAction]:
    """The run's action log in order."""
    stmt = select(RunAction).where(RunAction.run_id == run.id).order_by(RunAction.seq)
    return list(session.scalars(stmt))


def answer_key(session: Session, run_id: int, *, actor: User) -> dict[str, Any]:
    """The hidden truth and model answer: assessors and admins only."""
    if not actor.has_role(Role.ASSESSOR, Role.ADMIN):
        raise NotFoundError(f"run {run_id}")
    loaded = load(session, get_run(session, run_id, actor=actor))
    return {
        "truth": loaded.scenario.to_dict().get("truth"),
        "model_answer": engine.model_answer(loaded.company, loaded.scenario),
    }


def debrief(session: Session, run_id: int, *, actor: User) -> dict[str, Any]:
    """Score, findings and the model answer of a finished run."""
    run = get_run(session, run_id, actor=actor)
    if run.status != "finished":
        raise ConflictError("The debrief is ready when the scenario has finished.")
    loaded = load(session, run)
    return {
        "score": json.loads(run.score or "{}"),
        "kpis": json.loads(run.kpis or "{}"),
        "model_answer": engine.model_answer(loaded.company, loaded.scenario),
    }


def get_own_active_run(session: Session, run_id: int, *, actor: User) -> SimulationRun:
    """The actor's own run, which must still be active."""
    run = session.get(SimulationRun, run_id)
    if run is None or run.learner_id != actor.id:
        raise NotFoundError(f"run {run_id}")
    if run.status != "active":
        raise ConflictError("This scenario has finished. Start a new one to practise.")
    return run


def start_again(session: Session, run_id: int, *, actor: User) -> SimulationRun:
    """A fresh run of the same scenario (type, difficulty, seed, complications)."""
    old = session.get(SimulationRun, run_id)
    if old is None or old.learner_id != actor.id:
        raise NotFoundError(f"run {run_id}")
    return start_run(
        session,
        actor=actor,
        scenario_type=old.scenario_type,
        difficulty=old.difficulty,
        seed=old.seed,
        complications=json.loads(old.complications) or None,
        task=old.task,
    )


def get_learner(
    session: Session, learner_id: int, *, actor: User, assess: bool = False
) -> User:
    """A learner the actor may see (or assess, with ``assess``); else NotFoundError."""
    learner = session.get(User, learner_id)
    allowed = (
        learner is not None
        and learner.has_role(Role.LEARNER)
        and (
            scopes.can_assess_learner(session, actor, learner_id)
            if assess
            else scopes.can_view_learner(session, actor, learner_id)
        )
    )
    if not allowed:
        raise NotFoundError(f"learner {learner_id}")
    return learner


def create_task(
    session: Session,
    *,
    actor: User,
    learner: User,
    scenario_type: str,
    difficulty: str,
    complications: list[str],
    note: str = "",
) -> PracticeTask:
    """Set a learner a scenario with chosen complications (assessor or admin)."""
    if not scopes.can_assess_learner(session, actor, learner.id):
        raise NotFoundError(f"learner {learner.id}")
    _check_spec(scenario_type, difficulty, None, complications)
    task = PracticeTask(
        learner_id=learner.id,
        set_by_id=actor.id,
        scenario_type=scenario_type,
        difficulty=difficulty,
        seed=secrets.randbelow(MAX_SEED + 1),
        complications=_dumps(sorted(complications)),
        note=(note or "").strip()[:2000],
    )
    session.add(task)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="simulator.task_set",
        object_type="practice_task",
        object_id=task.id,
        learner_id=learner.id,
        details={"type": scenario_type, "complications": sorted(complications)},
    )
    return task


def open_tasks(session: Session, *, actor: User) -> list[PracticeTask]:
    """Tasks set for the learner that they have not started yet."""
    started = select(SimulationRun.task_id).where(SimulationRun.task_id.is_not(None))
    stmt = (
        select(PracticeTask)
        .where(PracticeTask.learner_id == actor.id, PracticeTask.id.not_in(started))
        .order_by(PracticeTask.id.desc())
    )
    return list(session.scalars(stmt))


def start_task(session: Session, task_id: int, *, actor: User) -> SimulationRun:
    """Start the run an assessor set (its seed and complications)."""
    task = session.get(PracticeTask, task_id)
    if task is None or task.learner_id != actor.id:
        raise NotFoundError(f"task {task_id}")
    return start_run(
        session,
        actor=actor,
        scenario_type=task.scenario_type,
        difficulty=task.difficulty,
        seed=task.seed,
        complications=json.loads(task.complications) or None,
        task=task,
    )


def debrief_view(session: Session, run_id: int, *, actor: User) -> dict[str, Any]:
    """Everything the debrief page shows: score, timeline, model answer, own order."""
    from portfolio.simulator import presenters

    data = debrief(session, run_id, actor=actor)
    run = get_run(session, run_id, actor=actor)
    loaded = load(session, run)
    return {
        **data,
        "run": run,
        "log": run_log(session, run),
        "order": presenters.order_view(loaded.company, loaded.state, loaded.scenario),
        "submitted": presenters.submitted_view(loaded),
        "clock": lambda minutes: presenters.sim_clock(loaded.scenario, minutes),
        "brief": loaded.scenario.brief,
    }


def run_documents(session: Session, run_id: int, *, actor: User) -> dict[str, Any]:
    """A finished run's order form, confirmation email and follow-up record as data.

    The shape is what ``evidence.services.create_simulator_work_products`` takes.
    """
    from portfolio.simulator import presenters

    run = session.get(SimulationRun, run_id)
    if run is None or run.learner_id != actor.id:
        raise NotFoundError(f"run {run_id}")
    if run.status != "finished":
        raise ConflictError("Finish the scenario before adding it to your portfolio.")
    loaded = load(session, run)
    view = presenters.learner_view(loaded)
    order = presenters.submitted_view(loaded) or view["order"]
    score = json.loads(run.score or "{}")
    met = [code for code, c in score.get("criteria", {}).items() if c.get("met")]
    docs = [
        presenters.order_form_document(run, order),
        presenters.confirmation_document(view),
        presenters.follow_up_document(view),
    ]
    return {
        "order_type": run.scenario_type,
        "score": score,
        "criteria": met,
        "documents": [d for d in docs if d is not None],
    }


def run_in_portfolio(session: Session, run_id: int, *, actor: User) -> bool:
    """Whether the actor already added this run's documents as evidence."""
    from portfolio.evidence.models import EvidenceItem

    stmt = select(EvidenceItem.id).where(
        EvidenceItem.sim_run_id == run_id, EvidenceItem.learner_id == actor.id
    )
    return session.scalar(stmt.limit(1)) is not None
