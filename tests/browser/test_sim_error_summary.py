"""Full-page simulator forms in Chromium: the error summary takes focus, its links move it."""

from __future__ import annotations

import re

from sqlalchemy import select

from portfolio.auth.models import User
from portfolio.extensions import db
from tests.browser.conftest import sign_in

ACTIVE_ID = "document.activeElement && document.activeElement.id"


def _summary_then_link(page, message: str, field_id: str) -> None:  # type: ignore[no-untyped-def]
    """The summary is focused on arrival; its link for ``message`` focuses the field."""
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert summary.get_by_role("heading").inner_text() == "There is a problem"
    # Function form: a bare expression is compiled in the page while it polls, which
    # the page's CSP (no 'unsafe-eval') refuses whenever the first check is false.
    page.wait_for_function(
        "() => document.activeElement.classList.contains('error-summary')"
    )
    assert page.title().startswith("Error: ")
    inline = page.locator(f"#{re.sub(r'-0$', '', field_id)}-error")
    assert " ".join(inline.text_content().split()) == f"Error: {message}"
    summary.get_by_role("link", name=message).click()
    page.wait_for_function(f"() => ({ACTIVE_ID}) === '{field_id}'")
    # The field and the question it answers (legend or label) are both in view.
    question = page.locator(
        f"#{field_id.removesuffix('-0')} > legend, label[for='{field_id}']"
    ).first
    for part in (page.locator(f"#{field_id}"), question):
        box = part.bounding_box()
        assert box and 0 <= box["y"] <= page.viewport_size["height"] - box["height"]


def test_set_a_scenario_summary_links_focus_the_field(
    page, live_server, live_app
) -> None:  # type: ignore[no-untyped-def]
    with live_app.app_context():
        learner = db.session.scalars(
            select(User).where(User.email == "learner@example.com")
        ).one()
    sign_in(page, live_server, "assessor@example.com")
    page.goto(f"{live_server}/simulator/learners/{learner.id}/tasks/new")
    page.get_by_label("Note to the learner").fill("Work on stock checks.")
    page.get_by_role("button", name="Set scenario").click()
    _summary_then_link(page, "Choose a type of order.", "scenario_type-0")
    assert page.get_by_label("Note to the learner").input_value() == (
        "Work on stock checks."
    )


def test_picker_summary_link_focuses_the_scenario_number(page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "learner@example.com")
    page.goto(f"{live_server}/simulator/")
    page.get_by_label(re.compile("^Standard:")).check()
    page.get_by_label("Scenario number").fill("-5")
    page.get_by_role("button", name="Start scenario").click()
    _summary_then_link(page, "Enter a scenario number from 0 to 999,999.", "seed")
    assert page.get_by_label("Scenario number").input_value() == "-5"
    assert page.get_by_label(re.compile("^Standard:")).is_checked()
