"""Simulator objects for web tests and the access-control matrix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.services.content import load_content as load_extra_seeds

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def load_sim_content(session) -> None:  # type: ignore[no-untyped-def]
    """Seed the simulated company (idempotent)."""
    load_extra_seeds(session, SEEDS)


def play_perfect(session, run, learner) -> None:  # type: ignore[no-untyped-def]
    """Play the answer key through the service layer until the run finishes."""
    loaded = services.load_run(session, run)
    for action in engine.perfect_actions(loaded.company, loaded.scenario):
        services.take_action(
            session, run.id, actor=learner, kind=action.kind, params=dict(action.params)
        )


def finished_run(
    session, learner, scenario_type: str = "standard", seed: int = 11
) -> Any:  # type: ignore[no-untyped-def]
    """A run played perfectly to the end."""
    run = services.start_run(
        session,
        actor=learner,
        scenario_type=scenario_type,
        difficulty="easy",
        seed=seed,
    )
    play_perfect(session, run, learner)
    return run


def simulator_matrix_ids(session, people) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Runs and a task of ``learner`` for the matrix (sim_run, sim_run_b, ...)."""
    load_sim_content(session)
    learner = people["learner"]
    active = services.start_run(
        session, actor=learner, scenario_type="standard", difficulty="easy", seed=3
    )
    spare = services.start_run(
        session, actor=learner, scenario_type="urgent", difficulty="easy", seed=4
    )
    done = finished_run(session, learner)
    task = services.create_task(
        session,
        actor=people["assessor"],
        learner=learner,
        scenario_type="bespoke",
        difficulty="easy",
        complications=[],
    )
    session.commit()
    assert services.content_sha(session)
    return {
        "sim_run": active.id,
        "sim_run_b": spare.id,
        "sim_run_done": done.id,
        "sim_task": task.id,
    }
