"""The assessor's dashboard shows the learners most needing attention first."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest.mock import patch

from portfolio.core.time import utcnow
from portfolio.extensions import db
from portfolio.main.views.dashboard import CASELOAD_FIRST
from tests.conftest import login
from tests.factories import make_enrolment, make_user
from tests.integration.assessment.helpers import seed, submitted

LEARNER = re.compile(r'<th scope="row"><a href="/assessment/learners/\d+">([^<]+)</a>')


def _caseload(app) -> tuple[int, int]:
    """20 on-track learners (A...), 3 past their end date (Z...), 1 with late work.

    Alphabetical order would put the learners behind plan last (the seed's own
    learner is on the caseload too).
    """
    with app.app_context():
        s = db.session
        assessor = seed(s)["assessor"]
        today = utcnow().date()
        for n in range(20):
            learner = make_user(s, f"a{n}@test.example", name=f"Anna On-track {n:02}")
            row = make_enrolment(s, learner, assessor=assessor)
            row.start_date, row.planned_end_date = today, today + timedelta(days=300)
        for n in range(3):
            learner = make_user(s, f"z{n}@test.example", name=f"Zoe Behind {n}")
            row = make_enrolment(s, learner, assessor=assessor)
            row.start_date = today - timedelta(days=400)
            row.planned_end_date = today - timedelta(days=1)
        late = make_user(s, "late@test.example", name="Yann Late work")
        row = make_enrolment(s, late, assessor=assessor)
        row.start_date, row.planned_end_date = today, today + timedelta(days=300)
        earlier = utcnow() - timedelta(days=10)
        with patch("portfolio.evidence.services.workflow.utcnow", lambda: earlier):
            submitted(s, late, ("K2",), title="Late")
        s.commit()
        from portfolio.assessment import services

        rows = services.caseload(s, actor=assessor, today=today)
        return len(rows), sum(1 for r in rows if r.rag == "red")


def test_dashboard_lists_the_learners_most_behind_first_and_links_to_all(app) -> None:
    total, red = _caseload(app)
    assert total > CASELOAD_FIRST and red >= 3
    client = app.test_client()
    login(client, "assessor@test.example")
    body = client.get("/dashboard").get_data(as_text=True)
    names = LEARNER.findall(body)
    assert len(names) == CASELOAD_FIRST
    assert names[:3] == ["Zoe Behind 0", "Zoe Behind 1", "Zoe Behind 2"]
    on_track = [i for i, n in enumerate(names) if n.startswith("Anna")]
    # On track, but with overdue evidence: before every learner with nothing waiting.
    assert names.index("Yann Late work") < on_track[0]
    assert f'href="/assessment/caseload">See all {total} learners' in body
    # The counts still cover the whole caseload, not only the rows shown.
    assert re.search(rf'<span class="stat-card__n">{red}</span> learners behind', body)
    assert re.search(rf'<span class="stat-card__n">{total}</span> learners', body)


def test_a_small_caseload_is_shown_whole(app) -> None:
    with app.app_context():
        seed(db.session)
        db.session.commit()
    client = app.test_client()
    login(client, "assessor@test.example")
    body = client.get("/dashboard").get_data(as_text=True)
    names = LEARNER.findall(body)
    assert names and len(names) < CASELOAD_FIRST
    assert "most needing attention" not in body
    assert f"See all {len(names)} learner" in body
