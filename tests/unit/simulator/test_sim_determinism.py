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
