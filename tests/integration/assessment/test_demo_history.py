"""The demo's history is spread over past weeks, so the dashboards have ages to show."""

from __future__ import annotations

from sqlalchemy import select

from portfolio.assessment.domain.rag import TURNAROUND_DAYS
from portfolio.assessment.services.caseload import caseload
from portfolio.audit.models import AuditEvent
from portfolio.audit.services import verify_chain
from portfolio.auth.services.accounts import find_user_by_email
from portfolio.core.time import as_utc, utcnow
from portfolio.devdata.demo import load_demo, load_demo_portfolio
from portfolio.devdata.demo_centre import demo_links, load_demo_centre
from portfolio.evidence.models import EvidenceVersion
from portfolio.framework.services import load_framework
from tests.web.simulator.helpers import SEEDS, load_sim_content


def test_demo_history_spreads_over_weeks_and_the_dashboards_vary(
    session, db_app
) -> None:  # type: ignore[no-untyped-def]
    load_framework(session, SEEDS / "framework.yaml")
    load_sim_content(session)
    load_demo(session, seed=1)
    load_demo_portfolio(session, "http://127.0.0.1:5000")
    load_demo_centre(session, 1, demo_links(db_app.config))
    now = utcnow()
    submitted = [
        as_utc(t)
        for t in session.scalars(select(EvidenceVersion.submitted_at))
        if t is not None
    ]
    ages = {(now - t).days for t in submitted}
    assert len(ages) >= 6 and max(ages) >= 60 and all(t <= now for t in submitted)
    stamps = [as_utc(t) for t in session.scalars(select(AuditEvent.ts))]
    assert max(stamps) <= now and (now - min(stamps)).days >= 100
    assert verify_chain(session) is None
    assessor = find_user_by_email(session, "assessor@example.com")
    rows = caseload(session, actor=assessor, today=now.date())
    assert {r.rag for r in rows} >= {"green", "amber", "red"}
    assert any(r.overdue for r in rows), "some evidence waits past the turnaround"
    waiting = {r.oldest_days for r in rows if r.oldest_days is not None}
    assert len(waiting) >= 2 and max(waiting) > TURNAROUND_DAYS
    assert len({r.days_since for r in rows if r.days_since is not None}) >= 4
