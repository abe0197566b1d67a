"""What the customer reads never quotes the internal policy handbook."""

from __future__ import annotations

import json
import re

import pytest

CLAUSE = re.compile(r"\bpolicy \d|\(\d+\.\d+\)|clause \d", re.IGNORECASE)


@pytest.mark.parametrize("kind", ["standard", "bespoke", "urgent"])
def test_confirmations_and_replies_cite_no_clause_numbers(sim, kind):
    seen = 0
    for seed in range(8):
        sc = sim.scenario(kind, "medium", seed)
        st = sim.play(sc, sim.perfect(sc))
        for conf in st.confirmations:
            text = json.dumps(conf.content) + conf.planned_text
            assert not CLAUSE.search(text), (kind, seed, CLAUSE.search(text))
            seen += 1
        assert not CLAUSE.search(sc.brief.body)
    assert seen >= 8


def test_the_learners_policy_view_still_cites_clauses(company):
    assert company.policy.ref("bespoke_deposit") == "5.2"
