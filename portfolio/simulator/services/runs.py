"""Runs: start one (fresh, again, from a task), find one, list them, abandon one."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence

from sqlalchemy import func, select

from portfolio.audit.services import record_event
from portfolio.auth import scopes
from portfolio.auth.models import User
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.framework.domain.vocabulary import ORDER_TYPE_VALUES
from portfolio.simulator import domain as engine
from portfolio.simulator.domain.scenarios.model import Difficulty
from portfolio.simulator.models import PracticeTask, SimulationRun
from portfolio.simulator.services.content import content_sha, get_company
from portfolio.simulator.services.memo import transaction_memo
from portfolio.simulator.services.stored import dumps, state_document

DIFFICULTIES: tuple[str, ...] = tuple(d.value for d in Difficulty)
MAX_SEED = 999_999
FINISHED_MESSAGE = "This scenario has finished. Start a new one to practise."


def check_spec(
    scenario_type: str,
    difficulty: str,
    seed: int | None,
    complications: Sequence[str] | None,
) -> None:
    """Refuse an unknown type, difficulty, seed or complication."""
    if scenario_type not in ORDER_TYPE_VALUES:
        choices = ", ".join(ORDER_TYPE_VALUES)
        raise ValidationError(f"Choose one of {choices}.", "scenario_type")
    if difficulty not in DIFFICULTIES:
        raise ValidationError(f"Choose one of {', '.join(DIFFICULTIES)}.", "difficulty")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise ValidationError(f"The seed must be between 0 and {MAX_SEED}.", "seed")
    unknown = sorted(set(complications or ()) - set(engine.COMPLICATIONS))
    if unknown:
        raise ValidationError(
            f"Unknown complication: {', '.join(unknown)}.", "complications"
        )


def random_seed() -> int:
    """A fresh scenario number."""
    return secrets.randbelow(MAX_SEED + 1)


def start_run(
    session: Session,
    *,
    actor: User,
    scenario_type: str,
    difficulty: str,
    seed: int | None = None,
    complications: Sequence[str] | None = None,
    task: PracticeTask | None = None,
    mode: str | None = None,
) -> SimulationRun:
    """Generate a scenario and open a run for the learner ``actor``.

    ``mode`` defaults to the task's (assessment unless the assessor chose
    otherwise), else practice.
    """
    if not actor.has_role(Role.LEARNER):
        raise NotFoundError("only learners practise")
    check_spec(scenario_type, difficulty, seed, complications)
    run_mode = check_mode(mode or (task.mode if task else engine.RunMode.PRACTICE))
    chosen = sorted(complications or [])
    spec = engine.ScenarioSpec(
        scenario_type,
        difficulty,
        random_seed() if seed is None else seed,
        tuple(complications) if complications is not None else None,
    )
    run = _new_run(session, actor, spec, task, run_mode)
    session.add(run)
    session.flush()
    details = {
        "type": spec.type,
        "difficulty": spec.difficulty,
        "seed": spec.seed,
        "mode": run_mode.value,
    }
    record_event(
        session,
        actor=actor,
        action="simulator.run_start",
        object_type="simulation_run",
        object_id=run.id,
        learner_id=actor.id,
        details={**details, "complications": chosen},
    )
    return run


def check_mode(mode: str) -> engine.RunMode:
    """The run mode named ``mode``; refuse an unknown one."""
    if mode not in engine.RUN_MODE_VALUES:
        choices = ", ".join(engine.RUN_MODE_VALUES)
        raise ValidationError(f"Choose one of {choices}.", "mode")
    return engine.RunMode(mode)


def _new_run(
    session: Session,
    actor: User,
    spec: engine.ScenarioSpec,
    task: PracticeTask | None,
    mode: engine.RunMode,
) -> SimulationRun:
    """The row of a new run: the generated scenario and its opening state."""
    company = get_company(session)
    scenario = engine.generate_scenario(company, spec)
    state = engine.new_run(company, scenario, mode)
    return SimulationRun(
        learner_id=actor.id,
        task_id=task.id if task else None,
        scenario_type=spec.type,
        difficulty=spec.difficulty,
        seed=spec.seed,
        complications=dumps(sorted(spec.complications or [])),
        mode=mode.value,
        content_sha=content_sha(session),
        scenario=dumps(scenario.to_dict()),
        state=state_document(state),
        order_state=str(engine.order_state(state)),
    )


def start_again(session: Session, run_id: int, *, actor: User) -> SimulationRun:
    """A fresh run of the same scenario (type, difficulty, seed, complications)."""
    old = get_own_run(session, run_id, actor=actor)
    return start_run(
        session,
        actor=actor,
        scenario_type=old.scenario_type,
        difficulty=old.difficulty,
        seed=old.seed,
        complications=json.loads(old.complications) or None,
        task=old.task,
        mode=old.mode,
    )


def _get(session: Session, run_id: int) -> SimulationRun | None:
    """The run row, held for the rest of the transaction.

    The identity map holds rows weakly: a caller that checks access and drops the
    row (the page cache's scope check) would make the view select it again.
    """
    run = session.get(SimulationRun, run_id)
    if run is not None:
        transaction_memo(session)[("run_row", run_id)] = run
    return run


def get_run(session: Session, run_id: int, *, actor: User) -> SimulationRun:
    """A run the actor may see (the learner's own, or a learner in their scope)."""
    run = _get(session, run_id)
    if run is None:
        raise NotFoundError(f"run {run_id}")
    if run.learner_id == actor.id and actor.has_role(Role.LEARNER):
        return run
    if actor.has_role(Role.ASSESSOR, Role.IQA, Role.ADMIN) and scopes.can_view_learner(
        session, actor, run.learner_id
    ):
        return run
    raise NotFoundError(f"run {run_id}")


def get_own_run(session: Session, run_id: int, *, actor: User) -> SimulationRun:
    """The actor's own run, whatever its status."""
    run = _get(session, run_id)
    if run is None or run.learner_id != actor.id:
        raise NotFoundError(f"run {run_id}")
    return run


def get_own_active_run(session: Session, run_id: int, *, actor: User) -> SimulationRun:
    """The actor's own run, which must still be active."""
    run = get_own_run(session, run_id, actor=actor)
    if run.status != "active":
        raise ConflictError(FINISHED_MESSAGE)
    return run


def abandon_run(session: Session, run_id: int, *, actor: User) -> SimulationRun:
    """Stop an active run without scoring it (it stays in the list)."""
    run = get_own_run(session, run_id, actor=actor)
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
