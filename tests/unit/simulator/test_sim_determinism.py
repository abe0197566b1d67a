"""The same (type, difficulty, seed) gives byte-identical scenarios in any process."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from portfolio.simulator.domain import ScenarioSpec, generate_scenario

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = """
import hashlib, json, yaml
from portfolio.simulator.domain import Company, ScenarioSpec, generate_scenario
files = {"policy": "policy", "products": "catalogue", "customers": "crm",
         "questions": "questions"}
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
company = Company.from_dict({k: yaml.load(open(f"seeds/{v}.yaml", encoding="utf-8"), loader)
                             for k, v in files.items()})
out = {}
for kind in ("standard", "bespoke", "urgent"):
    for level in ("easy", "medium", "hard"):
        for seed in (0, 1, 42, 999):
            d = generate_scenario(company, ScenarioSpec(kind, level, seed)).to_dict()
            text = json.dumps({"brief": d["brief"], "truth": d["truth"], "all": d},
                              sort_keys=True)
            out[f"{kind}:{level}:{seed}"] = hashlib.sha256(text.encode()).hexdigest()
print(json.dumps(out, sort_keys=True))
"""


def _start(hash_seed: str) -> subprocess.Popen[str]:
    """Generate in a fresh interpreter with the given hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.Popen([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _result(proc: subprocess.Popen[str]) -> dict[str, str]:
    """The digests printed by a generator process."""
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return json.loads(out)


def test_generation_is_identical_across_processes(company):
    procs = [_start("1"), _start("12345")]
    first, second = (_result(p) for p in procs)
    assert first == second and len(first) == 36
    spec = ScenarioSpec("bespoke", "hard", 42)
    d = generate_scenario(company, spec).to_dict()
    text = json.dumps({"brief": d["brief"], "truth": d["truth"], "all": d}, sort_keys=True)
    assert first["bespoke:hard:42"] == hashlib.sha256(text.encode()).hexdigest()


PEOPLE = """
import hashlib, json, yaml
from portfolio.simulator.domain import (Action, Company, ScenarioSpec, apply_action,
                                        generate_scenario, new_run, perfect_actions)
files = {"policy": "policy", "products": "catalogue", "customers": "crm",
         "questions": "questions", "calendar": "calendar"}
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
company = Company.from_dict({k: yaml.load(open(f"seeds/{v}.yaml", encoding="utf-8"), loader)
                             for k, v in files.items()})
out = {}
for kind in ("standard", "bespoke", "urgent"):
    for seed in (3, 17):
        spec = ScenarioSpec(kind, "medium", seed, ("discount_over_authority",))
        sc = generate_scenario(company, spec)
        st = new_run(company, sc)
        said = []
        for q in company.questions:  # every persona answer, fitting or not
            r = apply_action(company, sc, st, Action("ask_question", {"question_id": q.id}))
            said.append(r.entry.outcome["answer"])
        for why in ("please approve this discount for them",
                    f"Order value is 2400 pounds for {sc.truth.account}",
                    f"{sc.truth.account} has a competitor quote at 12% and buys monthly"):
            for role in ("supervisor", "sales_manager"):
                r = apply_action(company, sc, st, Action("request_approval", {
                    "type": "discount", "role": role, "justification": why}))
                a = r.state.approvals[-1] if r.state.approvals else None
                said.append(a and [a.decision, a.decision_message, dict(a.basis)])
        for action in perfect_actions(company, sc):
            st = apply_action(company, sc, st, action).state
        said.append([c.planned_text for c in st.confirmations])
        text = json.dumps([sc.truth.persona, said], sort_keys=True, default=str)
        out[f"{kind}:{seed}"] = hashlib.sha256(text.encode()).hexdigest()
print(json.dumps(out, sort_keys=True))
"""


def test_persona_answers_and_approver_decisions_are_identical_across_processes():
    env = [{**os.environ, "PYTHONHASHSEED": s} for s in ("7", "4242")]
    procs = [
        subprocess.Popen([sys.executable, "-c", PEOPLE], cwd=ROOT, env=e, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for e in env
    ]
    first, second = (_result(p) for p in procs)
    assert first == second and len(first) == 6
