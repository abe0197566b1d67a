"""A learner practises in the workspace in real Chromium: complete runs, see debriefs."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.models import SimulationRun
from tests.browser.conftest import sign_in
from tests.browser.sim_driver import do


def _start(page, base: str, scenario_type: str, seed: int) -> int:  # type: ignore[no-untyped-def]
    """Start a scenario from the picker; return the run id from the URL."""
    page.goto(f"{base}/simulator/")
    page.get_by_label(re.compile(f"^{scenario_type.capitalize()}:")).check()
    page.get_by_label(re.compile("^Hard:")).check()
    page.get_by_label("Scenario number").fill(str(seed))
    page.get_by_role("button", name="Start scenario").click()
    page.wait_for_url(re.compile(r"/simulator/runs/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def _script(live_app, run_id: int) -> list:  # type: ignore[no-untyped-def]
    """The answer key as actions (the test knows it; the browser only clicks)."""
    with live_app.app_context():
        run = db.session.get(SimulationRun, run_id)
        loaded = services.load_run(db.session, run)
        return engine.perfect_actions(loaded.company, loaded.scenario)


@pytest.mark.parametrize(
    ("scenario_type", "seed"), [("standard", 42), ("bespoke", 42), ("urgent", 42)]
)
def test_learner_completes_a_scenario_and_meets_every_marking_point(
    page, live_server, live_app, axe_check, screenshot, scenario_type, seed
) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, live_server, "learner@example.com")
    run_id = _start(page, live_server, scenario_type, seed)
    axe_check(f"workspace {scenario_type} start")
    script = _script(live_app, run_id)
    for i, action in enumerate(script):
        do(page, action.kind, dict(action.params))
        if i == len(script) // 2:
            axe_check(f"workspace {scenario_type} midway")
            screenshot(f"workspace-{scenario_type}-desktop")
            page.set_viewport_size({"width": 390, "height": 844})
            screenshot(f"workspace-{scenario_type}-phone")
            page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="See your debrief").click()
    assert page.get_by_text("All four marking points met.").is_visible()
    for code in ("MP1", "MP2", "MP3", "MP4"):
        assert page.locator(f"#mp-{code} .tag--green").is_visible()
    axe_check(f"debrief {scenario_type}")
    screenshot(f"debrief-{scenario_type}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(f"debrief-{scenario_type}-phone")


def test_confirming_before_checking_stock_is_a_finding(
    page, live_server, live_app, axe_check
) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, live_server, "learner@example.com")
    run_id = _start(page, live_server, "standard", 7)
    script = [a for a in _script(live_app, run_id) if a.kind != "check_stock"]
    for action in script:
        do(page, action.kind, dict(action.params), strict=False)
    with live_app.app_context():
        run = db.session.get(SimulationRun, run_id)
        finished = run.status == "finished"
    if not finished:  # the engine refused to go on without stock checks: end the run
        do(page, "cancel_order", {"reason": "Ending the practice run."})
    page.goto(f"{live_server}/simulator/runs/{run_id}/debrief")
    mp4 = page.locator("#mp-MP4")
    assert "Not yet met" in mp4.inner_text()
    assert re.search(r"stock", mp4.inner_text(), re.I)
    axe_check("debrief with findings")


def test_picker_policy_and_progress_pages_are_accessible(
    page, live_server, axe_check
) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, live_server, "learner@example.com")
    for path in ("/simulator/", "/simulator/policy", "/simulator/progress"):
        page.goto(f"{live_server}{path}")
        axe_check(path)
    page.goto(f"{live_server}/simulator/")
    page.get_by_role("button", name="Start scenario").click()
    assert page.get_by_text("Choose a type of order.").first.is_visible()
    axe_check("picker errors")


def test_assessor_sees_progress_sets_a_task_and_reads_the_answer_key(
    page, live_server, live_app, axe_check
) -> None:  # type: ignore[no-untyped-def]
    with live_app.app_context():
        from portfolio.auth.models import User

        learner = db.session.scalars(
            select(User).where(User.email == "learner@example.com")
        ).one()
        learner_id = learner.id
        run = db.session.scalars(
            select(SimulationRun).where(SimulationRun.learner_id == learner_id)
        ).first()
    sign_in(page, live_server, "assessor@example.com")
    page.goto(f"{live_server}/simulator/learners/{learner_id}/progress")
    axe_check("assessor progress view")
    page.get_by_role("link", name=re.compile("Set a scenario")).click()
    axe_check("set a scenario")
    page.get_by_label(re.compile("^Standard:")).check()
    page.get_by_label("Stock shortage").check()
    page.get_by_role("button", name="Set scenario").click()
    assert page.get_by_text("Scenario set for").is_visible()
    if run is not None:
        page.goto(f"{live_server}/simulator/runs/{run.id}/answer-key")
        assert page.get_by_text("For assessors only.").is_visible()
        axe_check("answer key")
        page.goto(f"{live_server}/simulator/runs/{run.id}")
        assert page.get_by_text("It is read-only.").is_visible()
        axe_check("read-only workspace")
