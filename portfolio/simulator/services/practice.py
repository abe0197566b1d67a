"""Adaptive practice: plan and start the scenario a learner should practise next."""

from __future__ import annotations

from portfolio.auth.models import User
from portfolio.core.typing import Session
from portfolio.simulator.domain.practice import PastRun, PracticePlan, plan_practice
from portfolio.simulator.models import SimulationRun
from portfolio.simulator.services.progress import get_progress
from portfolio.simulator.services.runs import MAX_SEED, start_run


def get_practice_plan(
    session: Session, learner_id: int, *, actor: User
) -> PracticePlan:
    """What ``learner_id`` should practise next (the learner or their assessor)."""
    progress = get_progress(session, learner_id, actor=actor)
    history = [
        PastRun(r.run_id, r.order_type.value, r.failed_rules) for r in progress.runs
    ]
    return plan_practice(history, max_seed=MAX_SEED)


def start_practice(session: Session, *, actor: User) -> SimulationRun:
    """Start the planned practice scenario for the learner ``actor``."""
    plan = get_practice_plan(session, actor.id, actor=actor)
    return start_run(
        session,
        actor=actor,
        scenario_type=plan.order_type,
        difficulty=plan.difficulty,
        seed=plan.seed,
        complications=list(plan.complications) or None,
        mode="practice",
    )
