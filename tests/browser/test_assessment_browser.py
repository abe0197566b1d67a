"""The whole assessment loop in real Chromium, from submission to a locked portfolio."""

from __future__ import annotations

import re
from datetime import date, timedelta

from portfolio.auth.services import accounts
from portfolio.extensions import db
from tests.browser.conftest import sign_in
from tests.integration.assessment.helpers import complete_portfolio

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
LEARNER = "learner3@example.com"  # other browser tests use learner@example.com


def _switch(page, base: str, email: str) -> None:
    """Sign out whoever is signed in, then sign in as ``email``."""
    if page.get_by_role("button", name="Sign out").count():
        page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, email)
    page.wait_for_url(f"{base}/dashboard")


def _reflection(page, base: str, title: str) -> None:
    page.goto(f"{base}/evidence/new/reflection")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Date of the evidence").fill(YESTERDAY)
    page.get_by_label("Workplace").check()
    page.get_by_label("Order type").select_option("urgent")
    page.get_by_label("What happened?").fill("A customer needed paper the same day.")
    page.get_by_label("What did you decide, and why?").fill("I asked SPIN questions.")
    page.get_by_label("Which procedure or policy did you follow?").fill("Urgent 4.2")
    page.get_by_label("What would you do differently next time?").fill("Ask sooner.")
    page.get_by_role("button", name="Save reflection").click()


def _map_and_submit(page, why: str) -> None:
    page.get_by_label("Shows K1").check()
    page.get_by_label("How does it show K1?").fill(why)
    page.get_by_role("button", name="Save mapping").click()
    page.get_by_text("Mapping saved.").wait_for()
    page.get_by_role("button", name="Submit for assessment").click()
    page.get_by_text("Submitted for assessment").wait_for()


def _judge(page, base: str, title: str) -> None:
    page.goto(f"{base}/assessment/queue")
    page.get_by_role("link", name=title).click()


def test_submit_return_resubmit_accept_sample_sign_off_lock(
    page, live_server, live_app, axe_check, screenshot
) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
    base = live_server

    # The learner submits a reflection mapped to K1.
    _switch(page, base, LEARNER)
    _reflection(page, base, "Reflection on SPIN questions")
    _map_and_submit(page, "I used SPIN questions")
    item_url = page.url

    # The assessor returns it with feedback.
    _switch(page, base, "assessor@example.com")
    page.get_by_role("link", name="Caseload").first.click()
    axe_check("caseload")
    screenshot("assessment-caseload")
    page.get_by_role("link", name="To judge").first.click()
    axe_check("queue")
    _judge(page, base, "Reflection on SPIN questions")
    axe_check("judging page")
    page.get_by_label("Not yet met for K1").check()
    page.get_by_label("Feedback on K1").fill("Say which SPIN questions you asked.")
    page.get_by_label("Return it to the learner with actions").check()
    page.get_by_label("Actions for the learner").fill("Add the questions you asked.")
    screenshot("assessment-judge")
    page.get_by_role("button", name="Save decision").click()
    page.get_by_text("Decision saved.").wait_for()

    # The learner sees the feedback and resubmits a new version.
    _switch(page, base, LEARNER)
    page.goto(item_url)
    assert page.get_by_text("Add the questions you asked.").is_visible()
    axe_check("item with feedback")
    page.get_by_role("link", name="Map to criteria").click()
    page.get_by_label("How does it show K1?").fill("I asked about the deadline")
    page.get_by_role("button", name="Save mapping").click()
    page.get_by_text("Mapping saved.").wait_for()
    page.get_by_role("button", name="Submit for assessment").click()
    page.get_by_text("Submitted for assessment").wait_for()

    # The assessor accepts version 2.
    _switch(page, base, "assessor@example.com")
    _judge(page, base, "Reflection on SPIN questions")
    assert page.get_by_text("Returned for action").first.is_visible()  # history
    page.get_by_label("Met for K1", exact=True).check()
    page.get_by_label("Accept it").check()
    page.get_by_role("button", name="Save decision").click()
    page.get_by_text("Decision saved.").wait_for()

    # The IQA samples the decision and agrees.
    _switch(page, base, "iqa@example.com")
    page.get_by_role("link", name="Sampling").first.click()
    axe_check("samples due")
    page.get_by_role("link", name="Reflection on SPIN questions").first.click()
    axe_check("sample review")
    page.get_by_label("Agree with the decision").check()
    page.get_by_role("button", name="Record verdict").click()
    page.get_by_text("Sample recorded.").wait_for()
    page.goto(f"{base}/assessment/plans")
    axe_check("sampling plans")
    page.goto(f"{base}/assessment/report")
    axe_check("sampling report")

    # The rest of the portfolio is accepted (through the services, for speed).
    with live_app.app_context():
        learner = accounts.find_user_by_email(db.session, LEARNER)
        assessor = accounts.find_user_by_email(db.session, "assessor@example.com")
        complete_portfolio(db.session, learner, assessor)
        db.session.commit()
        learner_id = learner.id

    # The assessor signs off; the learner declares; the portfolio locks.
    _switch(page, base, "assessor@example.com")
    page.goto(f"{base}/assessment/learners/{learner_id}")
    axe_check("learner progress")
    page.get_by_label("I confirm the declaration above").check()
    page.get_by_role("button", name="Sign off the unit").click()
    page.get_by_text("Unit signed off.").wait_for()
    _switch(page, base, LEARNER)
    page.goto(f"{base}/assessment/sign-off")
    axe_check("learner declaration")
    page.get_by_label("I confirm the declaration above").check()
    page.get_by_role("button", name="Make my declaration").click()
    page.get_by_text("Your portfolio is now signed off and locked.").wait_for()
    screenshot("assessment-locked")
    _reflection(page, base, "Too late")
    alert = page.get_by_role("alert").inner_text()
    assert "signed off and is locked" in alert

    # The IQA reads the verified audit trail and unlocks with a reason.
    _switch(page, base, "iqa@example.com")
    page.goto(f"{base}/assessment/learners/{learner_id}/audit")
    assert page.get_by_text("History verified.").is_visible()
    assert page.get_by_text("the portfolio is locked").first.is_visible()
    assert page.get_by_text("assessment.portfolio_locked").count() == 0
    axe_check("audit trail")
    page.goto(f"{base}/assessment/learners/{learner_id}")
    page.get_by_label("Reason for unlocking").fill("Demo reset after the test")
    page.get_by_role("button", name="Unlock").click()
    page.get_by_text("Portfolio unlocked.").wait_for()
    history = page.locator("li", has_text="Demo reset after the test").inner_text()
    assert re.search(r"unlocked .+ by .+: “Demo reset after the test”", history)
