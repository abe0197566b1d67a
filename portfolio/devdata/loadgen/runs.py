"""Simulator runs: a few engine-played templates, replayed as many stored runs."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import Connection

from portfolio.core.typing import Session
from portfolio.devdata.loadgen.bulk import AuditBatch, insert_ids, insert_rows
from portfolio.devdata.loadgen.spec import LoadSpec, People, at
from portfolio.framework.domain.vocabulary import ORDER_TYPE_VALUES
from portfolio.simulator import domain as engine
from portfolio.simulator.models import RunAction, SimulationRun
from portfolio.simulator.services.content import content_sha, get_company
from portfolio.simulator.services.stored import dumps, state_document

DIFFICULTIES = ("easy", "medium", "hard")
SEEDS_PER_KIND = 4


@dataclass(frozen=True)
class Template:
    """One scenario played by the answer key, with the stored state after each step."""

    spec: engine.ScenarioSpec
    scenario: str
    entries: tuple[engine.LogEntry, ...]
    states: tuple[tuple[str, str], ...]  # (state document, order state) after k steps
    score: str
    met: int
    all_met: bool
    kpis: str


def _template(company: engine.Company, spec: engine.ScenarioSpec) -> Template:
    """Play the answer key through the engine, keeping every intermediate state."""
    scenario = engine.generate_scenario(company, spec)
    state = engine.new_run(company, scenario)
    states = [(state_document(state), str(engine.order_state(state)))]
    entries = []
    for action in engine.perfect_actions(company, scenario):
        result = engine.apply_action(company, scenario, state, action)
        state = result.state
        entries.append(result.entry)
        states.append((state_document(state), str(engine.order_state(state))))
    score = engine.score_run(company, scenario, state).to_dict()
    met = [code for code, c in score["criteria"].items() if c["met"]]
    return Template(
        spec,
        dumps(scenario.to_dict()),
        tuple(entries),
        tuple(states),
        dumps(score),
        len(met),
        len(met) == len(score["criteria"]),
        dumps(engine.run_kpis(company, scenario, state)),
    )


def _lengths(
    templates: list[Template], spec: LoadSpec, rng: random.Random
) -> list[int]:
    """Actions per run: about one run in five finished, the rest share what is left."""
    full = [len(t.entries) for t in templates]
    done = [rng.random() < 0.2 for _ in templates]
    lengths = [full[i] if done[i] else 1 for i in range(len(templates))]
    left = spec.actions - sum(lengths)
    open_runs = [i for i in range(len(templates)) if not done[i]]
    while left > 0 and open_runs:
        i = open_runs[rng.randrange(len(open_runs))]
        if lengths[i] < full[i] - 1:
            lengths[i] += 1
            left -= 1
        else:
            open_runs.remove(i)
    return lengths


def _action_row(run_id: int, entry: engine.LogEntry, minute: int) -> dict[str, object]:
    """The row ``simulator.services.stored.log_row`` would write, as a dict."""
    return {
        "run_id": run_id,
        "seq": entry.seq,
        "sim_time": entry.sim_time,
        "kind": entry.kind,
        "params": dumps(entry.params),
        "accepted": entry.accepted,
        "reasons": dumps(list(entry.reasons)),
        "warnings": dumps(list(entry.warnings)),
        "outcome": dumps(entry.outcome),
        "created_at": at(minute),
    }


def make_runs(
    session: Session,
    conn: Connection,
    spec: LoadSpec,
    rng: random.Random,
    people: People,
    audit: AuditBatch,
) -> list[int]:
    """Insert ``spec.runs`` runs and ``spec.actions`` actions; return the run ids."""
    company, sha = get_company(session), content_sha(session)
    pool = [
        _template(company, engine.ScenarioSpec(kind, level, 1000 + n))
        for kind in ORDER_TYPE_VALUES
        for level in DIFFICULTIES
        for n in range(SEEDS_PER_KIND)
    ]
    chosen = [pool[rng.randrange(len(pool))] for _ in range(spec.runs)]
    lengths = _lengths(chosen, spec, rng)
    owners = [people.learners[n % len(people.learners)] for n in range(spec.runs)]
    rows = [
        _run_row(t, k, owner[0], sha, n)
        for n, (t, k, owner) in enumerate(zip(chosen, lengths, owners, strict=True))
    ]
    ids = insert_ids(conn, SimulationRun.__table__, rows)  # type: ignore[arg-type]  # __table__ is a Table
    actions = [
        _action_row(run_id, entry, n * 7 + entry.seq)
        for n, (run_id, t, k) in enumerate(zip(ids, chosen, lengths, strict=True))
        for entry in t.entries[:k]
    ]
    insert_rows(conn, RunAction.__table__, actions)  # type: ignore[arg-type]  # __table__ is a Table
    for run_id, row, owner in zip(ids, rows, owners, strict=True):
        audit.add(
            row["started_at"],
            owner,
            "simulator.run_start",
            object_type="simulation_run",
            object_id=run_id,
            learner_id=owner[0],
        )
        if row["finished_at"] is not None:
            audit.add(
                row["finished_at"],
                owner,
                "simulator.run_finish",
                object_type="simulation_run",
                object_id=run_id,
                learner_id=owner[0],
            )
    return ids


def _run_row(t: Template, k: int, learner_id: int, sha: str, n: int) -> dict:
    """One simulation_run row after ``k`` of the template's actions."""
    finished = k == len(t.entries)
    document, order_state = t.states[k]
    return {
        "learner_id": learner_id,
        "task_id": None,
        "scenario_type": t.spec.type,
        "difficulty": t.spec.difficulty,
        "seed": t.spec.seed,
        "complications": "[]",
        "content_sha": sha,
        "scenario": t.scenario,
        "state": document,
        "status": "finished" if finished else "active",
        "order_state": order_state,
        "action_count": k,
        "score": t.score if finished else None,
        "criteria_met": t.met if finished else None,
        "all_met": t.all_met if finished else None,
        "kpis": t.kpis if finished else None,
        "started_at": at(n * 7),
        "updated_at": at(n * 7 + k),
        "finished_at": at(n * 7 + k) if finished else None,
        "in_portfolio_at": None,
        "version": k + 1,
    }
