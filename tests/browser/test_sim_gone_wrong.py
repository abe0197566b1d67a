"""An assessment-mode order that goes wrong, played in the workspace in real Chromium.

Stock is never checked, so the order confirmed in full becomes a backorder and a
part shipment; the learner lets the part delivery go unanswered until the customer
chases, then follows up, and the balance is delivered. The debrief shows it all.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from portfolio.auth.models import User
from portfolio.extensions import db
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.models import SimulationRun
from tests.browser.conftest import sign_in
from tests.browser.sim_driver import do

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "11"
SEED = 2  # standard, easy, stock_shortage: the part-shipment variant
SKIPPED = ("check_stock", "log_issue", "acknowledge_warning", "view_product")


def _setup(live_app) -> tuple[int, list]:  # type: ignore[no-untyped-def]
    """Start the run (set-up only) and return its id and the script to follow."""
    with live_app.app_context():
        learner = db.session.scalars(
            select(User).where(User.email == "learner@example.com")
        ).one()
        run = services.start_run(
            db.session, actor=learner, scenario_type="standard", difficulty="easy",
            seed=SEED, complications=["stock_shortage"], mode="assessment")
        db.session.commit()
        loaded = services.load_run(db.session, run)
        return run.id, engine.perfect_actions(loaded.company, loaded.scenario)


def _state(live_app, run_id: int):  # type: ignore[no-untyped-def]
    """What the engine holds now (the test reads it; the browser only clicks)."""
    with live_app.app_context():
        return services.load_run(db.session, db.session.get(SimulationRun, run_id)).state


def test_stock_never_checked_plays_out_to_a_late_delivery(
    page, live_server, live_app, axe_check
) -> None:  # type: ignore[no-untyped-def]
    run_id, script = _setup(live_app)
    sign_in(page, live_server, "learner@example.com")
    page.goto(f"{live_server}/simulator/runs/{run_id}")
    upto = next(i for i, a in enumerate(script) if a.kind == "submit_order")
    for action in script[: upto + 1]:
        if action.kind not in SKIPPED:
            do(page, action.kind, dict(action.params))
    st = _state(live_app, run_id)
    assert st.submitted is not None and not st.checks
    assert any(d.kind == "backorder" for d in st.documents)
    chased = followed = False
    for _ in range(25):
        do(page, "advance_time", {"next_event": True})
        st = _state(live_app, run_id)
        kinds = [e.kind for e in st.events]
        if "customer_chaser" in kinds and not followed:
            chased = True
            do(page, "log_follow_up", {
                "channel": "phone", "who": "The customer",
                "summary": "Sorry for the wait: the balance of the keyboards is on "
                           "backorder and follows on the next delivery.",
                "outcome": "Customer accepts the balance later.",
                "next_action": "Check the balance is delivered."})
            followed = True
        if st.order.state.value == "delivered":
            break
    assert chased and followed
    assert st.order.state.value == "delivered"
    notes = [d.number for d in st.documents if d.kind == "delivery_note"]
    assert notes == ["DN-0001", "DN-0002"]
    inbox = page.locator("#inbox").inner_text()
    assert re.search("backorder", inbox, re.I) and "chases" in inbox
    do(page, "close_order", {})
    page.goto(f"{live_server}/simulator/runs/{run_id}/debrief")
    text = page.locator("main").inner_text()
    assert "Not yet met" in page.locator("#mp-MP4").inner_text()
    assert re.search("stock", page.locator("#mp-MP4").inner_text(), re.I)
    assert "assessment" in text.lower()
    assert re.search(r"Line 1\s+PAP-", text)  # lines paired with the model answer
    axe_check("debrief of an order gone wrong")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(ARTIFACTS / "gone-wrong-debrief-1440.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "gone-wrong-debrief-390.png"), full_page=True)
