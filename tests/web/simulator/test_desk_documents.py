"""The learner sees the order's documents on the desk and in the debrief (issue 11).

An assessment-mode order confirmed without a stock check is played through the API to
delivery; the workspace and the debrief then show each delivery note with its lines.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

import pytest
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.models import SimulationRun
from tests.conftest import login
from tests.factories import make_people
from tests.web.simulator.helpers import load_sim_content

SEED = 2  # standard, easy, stock_shortage: a part shipment and a backorder


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
        _, plain = create_token(db.session, user, "documents")
        db.session.commit()
        return {"Authorization": f"Bearer {plain}"}


def _act(client, headers, run_id: int, kind: str, **params: Any) -> dict[str, Any]:
    resp = client.post(f"/api/v1/runs/{run_id}/actions", headers=headers,
                       json={"kind": kind, "params": params})
    assert resp.status_code == 201, resp.json
    return resp.json


def _play_to_delivery(app, client, headers) -> int:
    """Create a run, skip the stock check, submit and wait until it is delivered."""
    resp = client.post("/api/v1/runs", headers=headers, json={
        "scenario_type": "standard", "difficulty": "easy", "seed": SEED,
        "complications": ["stock_shortage"], "mode": "assessment"})
    assert resp.status_code == 201, resp.json
    run_id = resp.json["id"]
    with app.app_context():
        loaded = services.load_run(db.session, db.session.get(SimulationRun, run_id))
        plan = engine.perfect_actions(loaded.company, loaded.scenario)
    upto = next(i for i, a in enumerate(plan) if a.kind == "submit_order")
    for action in plan[:upto]:
        if action.kind in ("check_stock", "log_issue", "acknowledge_warning"):
            continue
        _act(client, headers, run_id, action.kind, **dict(action.params))
    assert _act(client, headers, run_id, "submit_order")["entry"]["accepted"]
    for _ in range(30):
        body = _act(client, headers, run_id, "advance_time", next_event=True)
        for ev in body["entry"]["outcome"].get("events", []):
            if ev["needs_follow_up"]:
                _act(client, headers, run_id, "log_follow_up", channel="phone",
                     who="The customer", summary=f"Told the customer: {ev['message']}",
                     outcome="Customer accepts the balance following later.",
                     next_action="Check the balance is delivered.")
        if body["run"]["view"]["order"]["state"] == "delivered":
            break
    return run_id


def _article(html: str, title: str) -> str:
    """The HTML of the document whose heading is ``title``."""
    found = re.search(rf'<article[^>]*aria-label="{re.escape(title)}".*?</article>',
                      html, re.S)
    assert found, f"{title} not shown"
    return found.group(0)


def _shows_notes(html: str, notes: list[dict[str, Any]]) -> None:
    for note in notes:
        d = note["data"]
        part = _article(html, f"Delivery note {d['number']}")
        assert d["order_ref"] in part
        assert d["lines"]
        for line in d["lines"]:
            assert f"<td>{escape(line['code'])}</td>" in part
            assert escape(line["description"]) in part
            assert f'<td class="num">{line["qty"]}</td>' in part
    assert "delivery_note" not in re.sub(r"<[^>]+>", " ", html)  # no internal keys


def test_the_desk_and_the_debrief_show_the_delivery_notes(app, headers) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    run_id = _play_to_delivery(app, client, headers)
    docs = client.get(f"/api/v1/runs/{run_id}/documents", headers=headers).json
    notes = [d for d in docs if d["kind"] == "delivery_note"]
    assert [n["data"]["number"] for n in notes] == ["DN-0001", "DN-0002"]

    login(client, "learner@test.example")
    desk = client.get(f"/simulator/runs/{run_id}")
    assert desk.status_code == 200
    page = desk.get_data(as_text=True)
    assert 'id="documents"' in page and ">Documents</h3>" in page
    _shows_notes(page, notes)
    assert "Backorder BO-0001" in page
    assert re.search(r"Delivered</dt><dd>\w{3} \d{1,2} \w{3} \d{2}:\d{2}", page)

    assert _act(client, headers, run_id, "close_order")["entry"]["accepted"]
    debrief = client.get(f"/simulator/runs/{run_id}/debrief")
    assert debrief.status_code == 200
    page = debrief.get_data(as_text=True)
    assert ">Order documents</h2>" in page
    _shows_notes(page, notes)
    assert "Add this run to my portfolio" in page
