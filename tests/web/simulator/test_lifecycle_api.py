"""The whole order lifecycle played through the REST API alone (issue 11).

An assessment-mode order confirmed without checking stock goes through backorder,
part shipment, follow-up and delivery; the documents and the debrief show it.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.models import SimulationRun
from tests.factories import make_people
from tests.web.simulator.helpers import load_sim_content

SEED = 2  # standard, easy, stock_shortage: the part-shipment variant


@pytest.fixture
def headers(app):  # type: ignore[no-untyped-def]
    """Bearer headers of a learner, with the simulated company seeded."""
    from portfolio.auth.models import User
    from portfolio.auth.services.tokens import create_token

    with app.app_context():
        load_sim_content(db.session)
        make_people(db.session)
        db.session.commit()
        user = db.session.scalars(
            select(User).where(User.email == "learner@test.example")
        ).one()
        _, plain = create_token(db.session, user, "lifecycle")
        db.session.commit()
        return {"Authorization": f"Bearer {plain}"}


def _plan(app, run_id: int) -> list[engine.Action]:
    """The answer key's actions for the run (the test's script, not the API's)."""
    with app.app_context():
        run = db.session.get(SimulationRun, run_id)
        loaded = services.load_run(db.session, run)
        return engine.perfect_actions(loaded.company, loaded.scenario)


def _act(client, headers, run_id: int, kind: str, **params: Any) -> dict[str, Any]:
    resp = client.post(f"/api/v1/runs/{run_id}/actions", headers=headers,
                       json={"kind": kind, "params": params})
    assert resp.status_code == 201, resp.json
    return resp.json


def test_the_lifecycle_plays_through_the_api(app, headers) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    resp = client.post("/api/v1/runs", headers=headers, json={
        "scenario_type": "standard", "difficulty": "easy", "seed": SEED,
        "complications": ["stock_shortage"], "mode": "assessment"})
    assert resp.status_code == 201, resp.json
    run_id = resp.json["id"]
    plan = _plan(app, run_id)
    upto = next(i for i, a in enumerate(plan) if a.kind == "submit_order")
    for action in plan[:upto]:
        if action.kind in ("check_stock", "log_issue", "acknowledge_warning"):
            continue  # the mistake: stock is never checked
        if action.kind == "advance_time" and action.params.get("next_event"):
            _act(client, headers, run_id, "advance_time", next_event=True)
            continue
        _act(client, headers, run_id, action.kind, **dict(action.params))
    submitted = _act(client, headers, run_id, "submit_order")
    assert submitted["entry"]["accepted"]
    number = submitted["entry"]["outcome"]["order_number"]
    kinds: list[str] = []
    for _ in range(30):
        body = _act(client, headers, run_id, "advance_time", next_event=True)
        view = body["run"]["view"]
        for ev in body["entry"]["outcome"].get("events", []):
            kinds.append(ev["kind"])
            if ev["needs_follow_up"]:
                _act(client, headers, run_id, "log_follow_up", channel="phone",
                     who="The customer", summary=f"Told the customer: {ev['message']}",
                     outcome="Customer accepts the balance following later.",
                     next_action="Check the balance is delivered.")
                _act(client, headers, run_id, "log_issue", issue_type="stock_shortage",
                     problem=f"Short stock at dispatch: {ev['message']}",
                     impact="The balance arrives later than asked.",
                     action="Customer told; balance follows from the backorder.",
                     resolution="Balance delivered from the backorder.")
        if view["order"]["state"] == "delivered":
            break
    inbox = [e["kind"] for e in view["events"]]
    assert inbox[0] == "backorder" and "partial_delivery" in kinds
    assert kinds.index("picked") < kinds.index("dispatched") < kinds.index(
        "partial_delivery")
    docs = client.get(f"/api/v1/runs/{run_id}/documents", headers=headers).json
    numbers = [d["data"]["number"] for d in docs]
    assert {"BO-0001", "DN-0001", "DN-0002"} <= set(numbers)
    assert all(d["data"]["order_ref"] == number for d in docs)
    closed = _act(client, headers, run_id, "close_order")
    assert closed["entry"]["accepted"], closed["entry"]["reasons"]
    debrief = client.get(f"/api/v1/runs/{run_id}/debrief", headers=headers).json
    assert debrief["mode"] == "assessment"
    assert debrief["score"]["common_mistakes"]["M1"]["detected"]
    assert any(c["consequence"] == "backorder" for c in debrief["consequences"])
    spec = client.get("/api/v1/openapi.json", headers=headers).json
    assert "/api/v1/runs/{run_id}/documents" in spec["paths"]
    kind_enum = str(spec["components"]["schemas"]["Action"])
    assert all(k in kind_enum for k in engine.ACTION_KINDS)
