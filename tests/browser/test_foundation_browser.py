"""Each role signs in, sees its dashboard, and signs out, in real Chromium."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in

ROLES = [
    ("learner@example.com", "learner-dashboard", "Your programme"),
    ("supervisor@example.com", "supervisor-dashboard", "Learners you supervise"),
    ("assessor@example.com", "assessor-dashboard", "Your caseload"),
    ("iqa@example.com", "iqa-dashboard", "Quality assurance"),
    ("admin@example.com", "admin-dashboard", "Centre administration"),
]


@pytest.mark.parametrize(("email", "section", "heading"), ROLES)
def test_role_signs_in_sees_dashboard_and_signs_out(
    page, live_server, axe_check, screenshot, email, section, heading
) -> None:
    sign_in(page, live_server, email)
    page.wait_for_url(f"{live_server}/dashboard")
    assert page.locator(f"#{section}").is_visible()
    assert page.get_by_role("heading", name=heading).is_visible()
    axe_check(f"dashboard {email}")
    screenshot(f"dashboard-{section}")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/auth/login")
    assert page.get_by_text("You have signed out.").is_visible()
    page.goto(f"{live_server}/dashboard")
    assert "/auth/login" in page.url


def test_login_errors_are_announced_and_linked(page, live_server, axe_check) -> None:
    sign_in(page, live_server, "learner@example.com", "not the password")
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert "Email or password is not correct." in summary.inner_text()
    axe_check("login error")


def test_admin_creates_a_user_and_assigns_an_assessor(
    page, live_server, axe_check
) -> None:
    sign_in(page, live_server, "admin@example.com")
    page.get_by_role("link", name="Users").first.click()
    page.get_by_role("link", name="Create a user").first.click()
    page.get_by_role("button", name="Create user").click()
    assert page.get_by_role("alert").is_visible()
    axe_check("create user errors")
    page.get_by_label("Full name").fill("Priya Shah")
    page.get_by_label("Email address").fill("priya.shah@example.com")
    page.get_by_label("Learner").check()
    page.get_by_label("Initial password").fill("a fresh start 2026")
    page.get_by_role("button", name="Create user").click()
    assert page.get_by_text("Account created for Priya Shah.").is_visible()
    page.get_by_role("link", name="Change cohort, assessor or supervisor").click()
    page.get_by_label("Assessor").select_option(index=1)
    page.get_by_role("button", name="Save assignments").click()
    assert page.get_by_text("Assignments saved for Priya Shah.").is_visible()
    axe_check("user edit")


def test_account_tokens_and_cohort_pages_work_in_the_browser(
    page, live_server, axe_check
) -> None:
    sign_in(page, live_server, "learner@example.com")
    page.get_by_role("link", name="Account").click()
    axe_check("account")
    page.get_by_label("Current password").fill("wrong")
    page.get_by_label("New password", exact=True).fill("a brand new phrase")
    page.get_by_label("Confirm new password").fill("a brand new phrase")
    page.get_by_role("button", name="Change password").click()
    assert "current password is not correct" in page.get_by_role("alert").inner_text()
    page.get_by_role("link", name="Manage API tokens").click()
    page.get_by_label("Token name").fill("my script")
    page.get_by_role("button", name="Create token").click()
    assert page.locator("#new-token").inner_text().startswith("sop_")
    axe_check("tokens")
    page.get_by_role("button", name="Revoke").click()
    assert page.get_by_text("Token revoked.").is_visible()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "admin@example.com")
    page.get_by_role("link", name="Cohorts", exact=True).click()
    page.get_by_role("button", name="Create cohort").click()
    assert page.get_by_role("alert").is_visible()
    page.get_by_label("Cohort name").fill("Sales Administration, September 2026")
    page.get_by_label("Start date").fill("2026-09-07")
    page.get_by_label("Planned end date").fill("2027-09-10")
    page.get_by_role("button", name="Create cohort").click()
    assert page.get_by_text("Cohort created.").is_visible()
    axe_check("cohorts")
