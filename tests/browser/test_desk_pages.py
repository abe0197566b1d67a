"""Every simulator page at 1440 and 390 px: no axe violation of any impact, no sideways scroll."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portfolio.auth.models import User
from portfolio.extensions import db
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from tests.browser.conftest import ARTIFACTS, AXE, sign_in
from tests.web.simulator.helpers import finished_run

VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}
SHOTS = ("workspace", "debrief", "progress")


@pytest.fixture(scope="module")
def pages(live_app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Paths of a picker, policy, progress, a half-played workspace and a debrief."""
    with live_app.app_context():
        learner = db.session.scalars(
            select(User).where(User.email == "learner@example.com")
        ).one()
        done = finished_run(db.session, learner, "bespoke", seed=5)
        active = services.start_run(
            db.session, actor=learner, scenario_type="urgent", difficulty="hard", seed=9
        )
        loaded = services.load_run(db.session, active)
        script = engine.perfect_actions(loaded.company, loaded.scenario)
        for action in script[: len(script) // 2]:
            services.take_action(
                db.session,
                active.id,
                actor=learner,
                kind=action.kind,
                params=dict(action.params),
            )
        db.session.commit()
        return {
            "picker": "/simulator/",
            "policy": "/simulator/policy",
            "progress": "/simulator/progress",
            "workspace": f"/simulator/runs/{active.id}",
            "debrief": f"/simulator/runs/{done.id}/debrief",
            "assessor: learner progress": f"/simulator/learners/{learner.id}/progress",
            "assessor: set a scenario": f"/simulator/learners/{learner.id}/tasks/new",
            "assessor: workspace": f"/simulator/runs/{active.id}",
            "assessor: answer key": f"/simulator/runs/{done.id}/answer-key",
        }


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_every_simulator_page_is_accessible_and_fits(
    page, live_server, pages, size
) -> None:  # type: ignore[no-untyped-def]
    if not AXE.exists():
        pytest.skip("axe-core not installed (npm ci)")
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server, "learner@example.com")
    problems = []
    signed_in = "learner"
    folder = ARTIFACTS / "desk"
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in pages.items():
        if name.startswith("assessor") and "assessor" not in page.url + signed_in:
            signed_in = "assessor"
            page.context.clear_cookies()
            sign_in(page, live_server, "assessor@example.com")
        response = page.goto(f"{live_server}{path}")
        if response is None or not response.ok:
            problems.append((name, f"status {response.status if response else '?'}"))
            continue
        page.evaluate(AXE.read_text())
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']}))"
            ".violations.map(v => ({id: v.id, impact: v.impact,"
            " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))"
        )
        if violations:
            problems.append((name, violations))
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append((name, f"scrollWidth {wide} > {width}"))
        if name in SHOTS:
            page.screenshot(path=str(folder / f"{name}-{size}.png"), full_page=True)
    assert not problems, problems
