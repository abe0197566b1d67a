"""The demo learner's portfolio: finished runs, evidence and a testimony request."""

from __future__ import annotations

from sqlalchemy import func, select

from portfolio.devdata.demo import load_demo, load_demo_portfolio
from portfolio.evidence.models import EvidenceItem
from portfolio.framework.services import load_framework
from portfolio.simulator.models import SimulationRun
from tests.web.simulator.helpers import SEEDS, load_sim_content


def test_demo_portfolio_is_complete_and_idempotent(session) -> None:  # type: ignore[no-untyped-def]
    load_framework(session, SEEDS / "framework.yaml")
    load_sim_content(session)
    load_demo(session, seed=1)
    created = load_demo_portfolio(session, "http://127.0.0.1:5000")
    runs = session.scalars(select(SimulationRun)).all()
    assert {r.scenario_type for r in runs} == {"standard", "bespoke", "urgent"}
    assert all(r.status == "finished" and r.all_met for r in runs)
    kinds = session.execute(select(EvidenceItem.kind, EvidenceItem.status)).all()
    assert created == len(kinds) and ("work_product", "submitted") in kinds
    assert ("witness_testimony", "draft") in kinds
    assert load_demo_portfolio(session, "http://127.0.0.1:5000") == 0
    assert session.scalar(select(func.count()).select_from(EvidenceItem)) == created
