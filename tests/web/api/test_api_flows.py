"""The assessment, testimony, framework and token APIs through a client with tokens."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from portfolio.assessment.models import ItemDecision
from portfolio.audit.models import AuditEvent
from portfolio.auth.models import ApiToken
from portfolio.auth.services.tokens import create_token
from portfolio.evidence.models import EvidenceItem
from portfolio.extensions import db
from portfolio.mail.models import OutboxMessage
from portfolio.simulator.models import SimulationRun
from tests.integration.assessment.helpers import seed, submitted


@pytest.fixture
def people(app):
    """One person per role, the framework loaded, and a token each."""
    with app.app_context():
        found = seed(db.session)
        tokens = {k: create_token(db.session, u, "t")[1] for k, u in found.items()}
        ids = {k: u.id for k, u in found.items()}
        db.session.commit()
    return ids, tokens


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for ``token``."""
    return {"Authorization": f"Bearer {token}"}


def _submitted_item(app, ids) -> int:
    with app.app_context():
        from portfolio.auth.models import User

        learner = db.session.get(User, ids["learner"])
        item = submitted(db.session, learner, ("K1", "K2"))
        db.session.commit()
        return item.id


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_queue_then_judge_with_optimistic_locking(app, client, people) -> None:
    ids, tokens = people
    item_id = _submitted_item(app, ids)
    queue = client.get("/api/v1/assessment/queue", headers=bearer(tokens["assessor"]))
    assert queue.status_code == 200
    row = queue.get_json()["items"][0]
    assert (row["id"], queue.get_json()["total"]) == (item_id, 1)
    body = {
        "judgements": [
            {"criterion": "K1", "decision": "met"},
            {"criterion": "K2", "decision": "not_met", "feedback": "Say more."},
        ],
        "outcome": "return",
        "actions": "Add an example for K2.",
        "expected_version": row["lock_version"] + 5,
    }
    url = f"/api/v1/assessment/items/{item_id}/decision"
    stale = client.post(url, json=body, headers=bearer(tokens["assessor"]))
    assert stale.status_code == 409
    assert stale.get_json()["status"] == "Changed by someone else"
    assert _count(app, ItemDecision) == 0
    body["expected_version"] = row["lock_version"]
    saved = client.post(url, json=body, headers=bearer(tokens["assessor"]))
    assert saved.status_code == 201, saved.get_json()
    assert saved.get_json()["outcome"] == "return"
    history = client.get(
        f"/api/v1/assessment/items/{item_id}", headers=bearer(tokens["learner"])
    ).get_json()
    assert history["status"] == "returned"
    assert history["decisions"][0]["judgements"][1]["feedback"] == "Say more."
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert "assessment.decided" in actions


def test_a_bad_judgement_is_422_naming_the_field(app, client, people) -> None:
    ids, tokens = people
    item_id = _submitted_item(app, ids)
    version = client.get(
        f"/api/v1/assessment/items/{item_id}", headers=bearer(tokens["assessor"])
    ).get_json()["lock_version"]
    resp = client.post(
        f"/api/v1/assessment/items/{item_id}/decision",
        json={
            "judgements": [{"criterion": "K1", "decision": "maybe"}],
            "outcome": "accept",
            "expected_version": 1,
        },
        headers=bearer(tokens["assessor"]),
    )
    assert resp.status_code == 422
    assert "judgements" in resp.get_json()["errors"]["json"]
    unknown = client.post(
        f"/api/v1/assessment/items/{item_id}/decision",
        json={
            "judgements": [{"criterion": "ZZ9", "decision": "met"}],
            "outcome": "accept",
            "expected_version": version,
        },
        headers=bearer(tokens["assessor"]),
    )
    assert unknown.status_code == 422, unknown.get_json()
    assert list(unknown.get_json()["errors"]["json"]) == ["judgements"]
    assert _count(app, ItemDecision) == 0


def test_read_only_token_reads_but_cannot_write(app, client, people) -> None:
    ids, tokens = people
    made = client.post(
        "/api/v1/tokens",
        json={"name": "reporting", "scope": "read", "expires_in_days": 30},
        headers=bearer(tokens["learner"]),
    )
    assert made.status_code == 201, made.get_json()
    reader = made.get_json()["token"]
    assert client.get("/api/v1/runs", headers=bearer(reader)).status_code == 200
    refused = client.post(
        "/api/v1/runs",
        json={"scenario_type": "standard", "difficulty": "easy"},
        headers=bearer(reader),
    )
    assert refused.status_code == 403
    assert "read-only" in refused.get_json()["message"]
    assert _count(app, SimulationRun) == 0
    delete = client.delete(
        f"/api/v1/tokens/{made.get_json()['id']}", headers=bearer(reader)
    )
    assert delete.status_code == 403


def test_an_expired_token_is_refused(app, client, people) -> None:
    ids, tokens = people
    with app.app_context():
        row = db.session.scalars(select(ApiToken).order_by(ApiToken.id)).first()
        owner_token = tokens[next(k for k, v in ids.items() if v == row.user_id)]
        row.expires_at = row.created_at - timedelta(seconds=1)
        db.session.commit()
    resp = client.get("/api/v1/me", headers=bearer(owner_token))
    assert resp.status_code == 401


def test_token_scope_and_expiry_are_checked(client, people) -> None:
    _ids, tokens = people
    for body, field in (
        ({"name": "x", "scope": "admin"}, "scope"),
        ({"name": "x", "expires_in_days": 0}, "expires_in_days"),
        ({"name": ""}, "name"),
    ):
        resp = client.post("/api/v1/tokens", json=body, headers=bearer(tokens["iqa"]))
        assert resp.status_code == 422
        assert field in resp.get_json()["errors"]["json"]


def test_testimony_request_create_resend_withdraw(app, client, people) -> None:
    _ids, tokens = people
    body = {
        "witness_name": "Sam Supervisor",
        "witness_email": "sam@example.com",
        "witness_job_title": "Sales office manager",
        "relationship": "My line manager",
        "witnessed": "Entered three urgent orders.",
        "date_from": (date.today() - timedelta(days=20)).isoformat(),
        "date_to": (date.today() - timedelta(days=2)).isoformat(),
        "criteria": ["MP1"],
    }
    bad = client.post(
        "/api/v1/testimonies",
        json={**body, "witness_email": "not-an-email"},
        headers=bearer(tokens["learner"]),
    )
    assert bad.status_code == 422
    assert "witness_email" in bad.get_json()["errors"]["json"]
    assert _count(app, EvidenceItem) == 0
    made = client.post(
        "/api/v1/testimonies", json=body, headers=bearer(tokens["learner"])
    )
    assert made.status_code == 201, made.get_json()
    item_id = made.get_json()["item_id"]
    too_soon = client.post(
        f"/api/v1/testimonies/{item_id}/resend", headers=bearer(tokens["learner"])
    )
    assert too_soon.status_code == 409  # issue 16: resends are throttled
    with freeze_time(datetime.now(UTC) + timedelta(minutes=6)):
        again = client.post(
            f"/api/v1/testimonies/{item_id}/resend", headers=bearer(tokens["learner"])
        )
    assert again.get_json()["links_sent"] == 2
    gone = client.post(
        f"/api/v1/testimonies/{item_id}/withdraw", headers=bearer(tokens["learner"])
    )
    assert gone.get_json()["state"] == "cancelled"
    twice = client.post(
        f"/api/v1/testimonies/{item_id}/withdraw", headers=bearer(tokens["learner"])
    )
    assert twice.status_code == 409
    assert _count(app, OutboxMessage) == 2


def test_framework_is_readable_by_any_token(client, people) -> None:
    _ids, tokens = people
    units = client.get("/api/v1/framework/units", headers=bearer(tokens["supervisor"]))
    assert units.status_code == 200
    unit = units.get_json()["items"][0]
    codes = {c["code"] for c in unit["criteria"]}
    assert {"K1", "MP1"} <= codes
    one = client.get(
        f"/api/v1/framework/units/{unit['id']}", headers=bearer(tokens["learner"])
    )
    assert one.get_json()["code"] == unit["code"]
    assert (
        client.get(
            "/api/v1/framework/units/99999", headers=bearer(tokens["learner"])
        ).status_code
        == 404
    )
