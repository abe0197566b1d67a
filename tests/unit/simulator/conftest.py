"""Fixtures for the simulator's pure-domain tests: the seeded company and a run helper."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from portfolio.simulator.domain import (
    Action,
    Company,
    OrderState,
    RunState,
    Scenario,
    ScenarioSpec,
    apply_action,
    generate_scenario,
    new_run,
    perfect_actions,
    score_run,
)

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
FILES = {"policy": "policy.yaml", "products": "catalogue.yaml", "customers": "crm.yaml",
         "questions": "questions.yaml", "calendar": "calendar.yaml"}


def load_documents() -> dict[str, Any]:
    """The four seed documents as parsed YAML."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return {key: yaml.load((SEEDS / name).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
            for key, name in FILES.items()}


@pytest.fixture(scope="session")
def documents() -> dict[str, Any]:
    """Parsed seed files."""
    return load_documents()


@pytest.fixture(scope="session")
def company(documents: dict[str, Any]) -> Company:
    """The simulated company built from the seed files."""
    return Company.from_dict(documents)


class Sim:
    """Helpers to generate scenarios, play actions and read scores."""

    def __init__(self, company: Company) -> None:
        self.company = company

    def scenario(self, kind: str = "standard", level: str = "easy", seed: int = 1,
                 complications: tuple[str, ...] | None = None) -> Scenario:
        """Generate a scenario."""
        return generate_scenario(self.company, ScenarioSpec(kind, level, seed, complications))

    def find(self, kind: str, complication: str, variant: str | None = None,
             test: Callable[[Scenario], bool] | None = None) -> Scenario:
        """The first seed whose scenario has ``complication`` (and ``variant``)."""
        for seed in range(200):
            sc = self.scenario(kind, "easy", seed, (complication,))
            facts = sc.truth.complication(complication)
            if facts and (variant is None or facts.variant == variant) and (
                    test is None or test(sc)):
                return sc
        raise AssertionError(f"no {kind} scenario with {complication}/{variant}")

    def play(self, sc: Scenario, actions: Iterable[Action],
             state: RunState | None = None) -> RunState:
        """Apply actions in turn and return the final state."""
        st = state or new_run(self.company, sc)
        for action in actions:
            st = apply_action(self.company, sc, st, action).state
        return st

    def act(self, sc: Scenario, st: RunState, kind: str, **params: Any) -> Any:
        """Apply one action and return the result."""
        return apply_action(self.company, sc, st, Action(kind, params))

    def perfect(self, sc: Scenario) -> list[Action]:
        """The answer key."""
        return perfect_actions(self.company, sc)

    def rules(self, sc: Scenario, st: RunState, severity: str | None = None) -> set[str]:
        """Rule ids of the findings (optionally only one severity)."""
        score = score_run(self.company, sc, st)
        return {f.rule for c in score.criteria for f in c.findings
                if severity is None or f.severity == severity}

    def score_dict(self, sc: Scenario, st: RunState) -> dict[str, Any]:
        """The score as a dict."""
        return score_run(self.company, sc, st).to_dict()

    def met(self, sc: Scenario, st: RunState) -> dict[str, bool]:
        """Marking point -> met."""
        return {c.code: c.met for c in score_run(self.company, sc, st).criteria}

    def replay(self, sc: Scenario, actions: Iterable[Action],
               skip: Callable[[Action], bool] = lambda a: False,
               state: RunState | None = None) -> RunState:
        """Replay actions, leaving out skipped ones and waits with nothing to wait for."""
        st = state or new_run(self.company, sc)
        for action in actions:
            if skip(action) or (action.kind == "advance_time" and not st.pending):
                continue
            st = apply_action(self.company, sc, st, action).state
        return st

    def finish(self, sc: Scenario, st: RunState,
               react: Callable[[Any, dict[str, Any]], None] | None = None) -> RunState:
        """Submit if needed, then follow through to closure like the answer key."""
        from portfolio.simulator.domain.scoring.answer_key import play as perfect

        p = perfect.Player(self.company, sc)
        p.state = st
        if st.submitted is None:
            p.play("submit_order")
        handle = react or perfect._react
        for _ in range(60):
            while p.inbox:
                event = p.inbox.pop(0)
                if event.get("event_id"):
                    handle(p, event)
            if p.state.state is OrderState.DELIVERED:
                break
            p.wait()
        for thread, recs in p.state.threads().items():
            if not any(r.resolution for r in recs):
                p.play("log_issue", issue_id=thread, issue_type=recs[0].issue_type,
                       problem=recs[0].problem, action="Checked after delivery.",
                       resolution="Delivered and settled with the customer.")
        p.play("close_order")
        return p.state

    @staticmethod
    def without(actions: list[Action], kind: str, **match: Any) -> list[Action]:
        """``actions`` minus every ``kind`` action whose params match ``match``."""
        return [a for a in actions if not (a.kind == kind and all(
            a.params.get(k) == v for k, v in match.items()))]

    @staticmethod
    def index_of(actions: list[Action], kind: str, start: int = 0) -> int:
        """Position of the first ``kind`` action at or after ``start``."""
        return next(i for i, a in enumerate(actions) if i >= start and a.kind == kind)

    @staticmethod
    def edit(action: Action, **params: Any) -> Action:
        """A copy of ``action`` with some params changed."""
        return replace(action, params={**action.params, **params})


@pytest.fixture(scope="session")
def sim(company: Company) -> Sim:
    """The run helper."""
    return Sim(company)

