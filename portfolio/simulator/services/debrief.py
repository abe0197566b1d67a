"""After a run: its debrief (score, figures, model answer) and the staff answer key."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from portfolio.auth.models import User
from portfolio.core.roles import Role
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, NotFoundError
from portfolio.simulator import domain as engine
from portfolio.simulator.domain.scoring.satisfaction import consequences, satisfaction
from portfolio.simulator.models import SimulationRun
from portfolio.simulator.services.runs import get_run
from portfolio.simulator.services.stored import LoadedRun, load_run


@dataclass(frozen=True)
class Debrief:
    """A finished run's stored score and figures beside the model answer."""

    loaded: LoadedRun
    score: dict[str, Any]
    kpis: dict[str, Any]
    model_answer: dict[str, Any]
    mode: str = "practice"
    satisfaction: dict[str, Any] = field(default_factory=dict)
    consequences: list[dict[str, Any]] = field(default_factory=list)

    @property
    def run(self) -> SimulationRun:
        """The run debriefed."""
        return self.loaded.run


@dataclass(frozen=True)
class AnswerKey:
    """The hidden truth of a run and the model answer, for assessors."""

    run: SimulationRun
    truth: Any
    model_answer: dict[str, Any]


def get_debrief(session: Session, run_id: int, *, actor: User) -> Debrief:
    """Score, figures and the model answer of a finished run the actor may see."""
    run = get_run(session, run_id, actor=actor)
    if run.status != "finished":
        raise ConflictError("The debrief is ready when the scenario has finished.")
    loaded = load_run(session, run)
    return Debrief(
        loaded=loaded,
        score=json.loads(run.score or "{}"),
        kpis=json.loads(run.kpis or "{}"),
        model_answer=engine.model_answer(loaded.company, loaded.scenario),
        mode=run.mode,
        satisfaction=satisfaction(loaded.state),
        consequences=consequences(loaded.state),
    )


def get_answer_key(session: Session, run_id: int, *, actor: User) -> AnswerKey:
    """The hidden truth and model answer: assessors and admins only."""
    if not actor.has_role(Role.ASSESSOR, Role.ADMIN):
        raise NotFoundError(f"run {run_id}")
    loaded = load_run(session, get_run(session, run_id, actor=actor))
    return AnswerKey(
        run=loaded.run,
        truth=loaded.scenario.to_dict().get("truth"),
        model_answer=engine.model_answer(loaded.company, loaded.scenario),
    )
