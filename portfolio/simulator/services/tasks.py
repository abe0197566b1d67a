"""Practice tasks: an assessor sets a scenario, the learner starts it."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import select

from portfolio.audit.services import record_event
from portfolio.auth import scopes
from portfolio.auth.models import User
from portfolio.core.typing import Session
from portfolio.errors import NotFoundError
from portfolio.simulator.models import PracticeTask, SimulationRun
from portfolio.simulator.services.runs import (
    check_mode,
    check_spec,
    random_seed,
    start_run,
)
from portfolio.simulator.services.stored import dumps


def create_task(
    session: Session,
    *,
    actor: User,
    learner: User,
    scenario_type: str,
    difficulty: str,
    complications: Sequence[str],
    note: str = "",
    mode: str = "assessment",
) -> PracticeTask:
    """Set a learner a scenario with chosen complications (assessor or admin)."""
    if not scopes.can_assess_learner(session, actor, learner.id):
        raise NotFoundError(f"learner {learner.id}")
    check_spec(scenario_type, difficulty, None, complications)
    check_mode(mode)
    task = PracticeTask(
        learner_id=learner.id,
        set_by_id=actor.id,
        scenario_type=scenario_type,
        difficulty=difficulty,
        seed=random_seed(),
        complications=dumps(sorted(complications)),
        note=(note or "").strip()[:2000],
        mode=mode,
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


def list_open_tasks(session: Session, *, actor: User) -> list[PracticeTask]:
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
