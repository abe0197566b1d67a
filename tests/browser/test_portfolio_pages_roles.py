"""Every portfolio page of every role, with the lived-in demo, at 1280 and 390 px.

No horizontal scroll, no axe-core violation of any impact, no Nu HTML checker error;
screenshots of coverage, each dashboard and the audit trail go to test-artifacts.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in
from tests.browser.portfolio_pages import (
    SHOTS,
    VNU,
    WIDTHS,
    axe_violations,
    demo_app,
    overflow,
    serve,
    user_id,
    vnu_errors,
)

# (person, [(screenshot name or "", path)]); {learner} is learner@example.com's id.
ROLES = {
    "learner@example.com": [
        ("learner-dashboard", "/dashboard"),
        ("coverage-learner", "/assessment/coverage"),
        ("", "/assessment/coverage?state=gap&order_type=urgent"),
        ("audit-trail", "/assessment/learners/{learner}/audit"),
        ("", "/evidence/"),
        ("", "/assessment/tasks"),
    ],
    "assessor@example.com": [
        ("assessor-dashboard", "/dashboard"),
        ("", "/assessment/caseload"),
        ("", "/assessment/queue"),
        ("", "/assessment/learners/{learner}"),
        ("coverage-assessor", "/assessment/learners/{learner}/coverage"),
        ("", "/assessment/learners/{learner}/audit?kind=evidence"),
    ],
    "iqa@example.com": [
        ("iqa-dashboard", "/dashboard"),
        ("", "/assessment/samples"),
        ("", "/assessment/report"),
        ("", "/assessment/plans"),
        ("", "/assessment/cohort-plans"),
        ("", "/assessment/eqa"),
        ("", "/assessment/learners/{learner}/coverage"),
    ],
    "admin@example.com": [
        ("admin-dashboard", "/dashboard"),
        ("", "/dashboard/learners?without=supervisor"),
        ("", "/dashboard/learners?without=assessor"),
    ],
    "supervisor@example.com": [("supervisor-dashboard", "/dashboard")],
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The lived-in demo, served."""
    app = demo_app(tmp_path_factory.mktemp("demo"))
    learner = user_id(app, "learner@example.com")
    for base in serve(app):
        yield base, learner


@pytest.mark.parametrize("email", list(ROLES))
def test_every_page_fits_passes_axe_and_vnu(browser, demo, email, tmp_path) -> None:  # type: ignore[no-untyped-def]
    base, learner = demo
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    saved = []
    for device, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        sign_in(page, base, email)
        for shot, path in ROLES[email]:
            url = base + path.format(learner=learner)
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            if wide := overflow(page):
                problems.append(f"{device} {path}: {wide}px horizontal scroll")
            if found := axe_violations(page):
                problems.append(f"{device} {path}: axe {found}")
            if shot:
                page.screenshot(
                    path=str(SHOTS / f"{shot}-{device}.png"), full_page=True
                )
            if device == "desktop":
                html = tmp_path / f"page{len(saved)}.html"
                html.write_text(page.request.get(url).text())
                saved.append(html)
        context.close()
    assert not problems, "\n".join(problems)
    if not VNU.exists():
        pytest.skip("vnu-jar is not installed (npm install)")
    assert vnu_errors(saved) == ""
