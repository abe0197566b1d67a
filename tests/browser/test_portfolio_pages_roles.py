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
    demo_ids,
    overflow,
    serve,
    vnu_errors,
)

# (person, [(screenshot name or "", path)]); {name} is filled from demo_ids().
ROLES = {
    "learner@example.com": [
        ("learner-dashboard", "/dashboard"),
        ("coverage-learner", "/assessment/coverage"),
        ("", "/assessment/coverage?state=gap&order_type=urgent"),
        ("audit-trail", "/assessment/learners/{learner}/audit"),
        ("", "/evidence/"),
        ("", "/evidence/?status=draft&testimony=replied"),
        ("", "/evidence/new"),
        ("", "/evidence/new/reflection"),
        ("", "/evidence/new/record"),
        ("", "/evidence/new/upload"),
        ("evidence-item", "/evidence/{item}"),
        ("", "/evidence/{item}/versions/1"),
        ("", "/evidence/{draft}/edit"),
        ("", "/evidence/{draft}/mapping"),
        ("", "/evidence/testimonies/new"),
        ("", "/assessment/tasks"),
        ("", "/assessment/sign-off"),
    ],
    "assessor@example.com": [
        ("assessor-dashboard", "/dashboard"),
        ("caseload", "/assessment/caseload"),
        ("", "/assessment/queue"),
        ("", "/assessment/tasks"),
        ("", "/assessment/learners/{learner}"),
        ("coverage-assessor", "/assessment/learners/{learner}/coverage"),
        ("", "/assessment/learners/{learner}/audit?kind=evidence"),
        ("", "/assessment/learners/{learner}/discussions/new"),
        ("judge", "/assessment/items/{item}"),
        ("", "/assessment/items/{item}/history"),
        ("", "/assessment/discussions/{discussion}"),
        ("", "/evidence/learners/{learner}"),
        ("", "/evidence/{returned}"),
    ],
    "iqa@example.com": [
        ("iqa-dashboard", "/dashboard"),
        ("", "/assessment/samples"),
        ("", "/assessment/samples/{sample}"),
        ("", "/assessment/report"),
        ("", "/assessment/plans"),
        ("", "/assessment/cohort-plans"),
        ("eqa-grants", "/assessment/eqa"),
        ("", "/assessment/learners/{learner}/coverage"),
        ("", "/assessment/learners/{learner}/audit"),
    ],
    "admin@example.com": [
        ("admin-dashboard", "/dashboard"),
        ("", "/dashboard/learners?without=supervisor"),
        ("", "/dashboard/learners?without=assessor"),
        ("", "/admin/users"),
        ("", "/admin/users?role=learner"),
        ("", "/admin/users/new"),
        ("", "/admin/users/{user}"),
        ("", "/admin/users/{user}/enrolment"),
        ("", "/admin/cohorts"),
    ],
    "supervisor@example.com": [
        ("supervisor-dashboard", "/dashboard"),
        ("", "/evidence/testimonies"),
        ("", "/evidence/testimonies/{testimony}/sign"),
    ],
    "eqa@example.com": [
        ("eqa-learners", "/assessment/eqa/learners"),
        ("", "/assessment/learners/{learner}/coverage"),
        ("", "/evidence/learners/{learner}"),
        ("", "/evidence/{item}"),
        ("", "/dashboard"),
    ],
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The lived-in demo, served."""
    app = demo_app(tmp_path_factory.mktemp("demo"))
    ids = demo_ids(app)
    for base in serve(app):
        yield base, ids


@pytest.mark.parametrize("email", list(ROLES))
def test_every_page_fits_passes_axe_and_vnu(browser, demo, email, tmp_path) -> None:  # type: ignore[no-untyped-def]
    base, ids = demo
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    saved = []
    for device, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        sign_in(page, base, email)
        for shot, path in ROLES[email]:
            url = base + path.format(**ids)
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
