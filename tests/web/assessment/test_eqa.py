"""Time-limited EQA access: granted by an IQA, read-only, audited, ends by itself."""

from __future__ import annotations

from datetime import timedelta
from unittest.mock import patch

from sqlalchemy import func, select

from portfolio.audit.models import AuditEvent
from portfolio.auth.grants import AccessGrant
from portfolio.core.time import utcnow
from portfolio.extensions import db
from tests.conftest import login, post
from tests.factories import make_user
from tests.integration.assessment.helpers import seed


def _world(app):
    with app.app_context():
        people = seed(db.session)
        eqa = make_user(db.session, "eqa@test.example", ["eqa"])
        db.session.commit()
        return people["learner"].id, people["learner_b"].id, eqa.id


def _grant(app, eqa_id, learner_id, days="7"):
    iqa = app.test_client()
    login(iqa, "iqa@test.example")
    return post(
        iqa,
        "/assessment/eqa",
        {"grantee_id": str(eqa_id), "learners": [str(learner_id)], "days": days},
    )


def test_eqa_reads_granted_learner_only_and_every_page_is_audited(app) -> None:
    learner, other, eqa_id = _world(app)
    assert _grant(app, eqa_id, learner).status_code == 302
    client = app.test_client()
    login(client, "eqa@test.example")
    body = client.get("/assessment/eqa/learners").get_data(as_text=True)
    assert f"/assessment/learners/{learner}/coverage" in body
    assert client.get(f"/assessment/learners/{learner}/coverage").status_code == 200
    assert client.get(f"/evidence/learners/{learner}").status_code == 200
    assert client.get(f"/assessment/learners/{other}/coverage").status_code == 404
    assert client.get("/assessment/caseload").status_code == 404
    with app.app_context():
        viewed = db.session.scalars(
            select(AuditEvent.object_id).where(AuditEvent.action == "eqa.viewed")
        ).all()
        granted = db.session.scalar(
            select(func.count()).where(AuditEvent.action == "eqa.granted")
        )
    assert f"/assessment/learners/{learner}/coverage" in viewed and granted == 1
    trail = client.get(f"/assessment/learners/{learner}/audit").get_data(as_text=True)
    assert "opened the page" in trail or "viewed" in trail


def test_access_ends_by_itself(app) -> None:
    learner, _, eqa_id = _world(app)
    _grant(app, eqa_id, learner, days="7")
    client = app.test_client()
    login(client, "eqa@test.example")
    url = f"/assessment/learners/{learner}/coverage"
    assert client.get(url).status_code == 200
    later = utcnow() + timedelta(days=7, minutes=1)
    with (
        patch("portfolio.auth.scopes.utcnow", lambda: later),
        patch("portfolio.assessment.services.eqa.utcnow", lambda: later),
    ):
        assert client.get(url).status_code == 404
        body = client.get("/assessment/eqa/learners").get_data(as_text=True)
        assert "You have no access at the moment." in body


def test_bad_grant_reports_every_error_and_writes_nothing(app) -> None:
    _, _, eqa_id = _world(app)
    iqa = app.test_client()
    login(iqa, "iqa@test.example")
    resp = post(iqa, "/assessment/eqa", {"grantee_id": str(eqa_id), "days": "0"})
    body = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert '<a href="#learners-0">Choose at least one learner.</a>' in body
    assert '<a href="#days">Enter for how many days, from 1 to 90.</a>' in body
    with app.app_context():
        assert db.session.scalar(select(func.count(AccessGrant.id))) == 0


def test_cohort_thresholds_change_the_rag_and_bad_input_writes_nothing(app) -> None:
    from portfolio.assessment.models import CohortPlan
    from portfolio.auth.models import Cohort

    _world(app)
    with app.app_context():
        cohort_id = db.session.scalar(select(Cohort.id))
    iqa = app.test_client()
    login(iqa, "iqa@test.example")
    bad = post(
        iqa,
        "/assessment/cohort-plans",
        {"cohort_id": str(cohort_id), "amber_behind": "3", "red_behind": "2"},
    )
    assert bad.status_code == 422
    assert '<a href="#red_behind">Red must start further behind than amber.</a>' in (
        bad.get_data(as_text=True)
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CohortPlan)) == 0
    ok = post(
        iqa,
        "/assessment/cohort-plans",
        {"cohort_id": str(cohort_id), "amber_behind": "1", "red_behind": "2"},
        follow_redirects=True,
    )
    assert "1 behind" in ok.get_data(as_text=True)
