"""The lived-in demo centre: learners at every stage, deterministic per seed."""

from __future__ import annotations

from sqlalchemy import func, select

from portfolio.assessment.models import ItemDecision, ProfessionalDiscussion, Sample
from portfolio.auth.models import Cohort, Enrolment, User
from portfolio.devdata.demo import load_demo, load_demo_portfolio
from portfolio.devdata.demo_centre import demo_links, load_demo_centre
from portfolio.evidence.models import EvidenceItem, Testimony
from portfolio.framework.services import load_framework
from portfolio.simulator.models import SimulationRun
from tests.web.simulator.helpers import SEEDS, load_sim_content


def test_demo_centre_has_every_stage(session, db_app) -> None:  # type: ignore[no-untyped-def]
    load_framework(session, SEEDS / "framework.yaml")
    load_sim_content(session)
    load_demo(session, seed=1)
    load_demo_portfolio(session, "http://127.0.0.1:5000")
    created = load_demo_centre(session, 1, demo_links(db_app.config))
    count = lambda model, *where: session.scalar(  # noqa: E731
        select(func.count()).select_from(model).where(*where)
    )
    assert created == 11 and count(Enrolment) >= 12 and count(Cohort) == 2
    statuses = set(session.scalars(select(EvidenceItem.status)))
    assert {"draft", "submitted", "accepted", "returned"} <= statuses
    assert count(ItemDecision, ItemDecision.reopened_at.is_not(None)) == 1
    assert {"agreed", "sent_back", "due"} <= set(session.scalars(select(Sample.state)))
    assert {"signed", "awaiting"} <= set(session.scalars(select(Testimony.state)))
    assert count(ProfessionalDiscussion) >= 3
    locked = count(Enrolment, Enrolment.portfolio_locked_at.is_not(None))
    assert locked == 1
    scores = {r.criteria_met for r in session.scalars(select(SimulationRun))}
    assert len(scores) >= 2
    assert load_demo_centre(session, 1, demo_links(db_app.config)) == 0
    names = sorted(session.scalars(select(User.display_name)))
    assert len(names) == len(set(names))
