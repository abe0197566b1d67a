"""Re-entering the password before a sensitive action, and the first admin's set-up
link, used in Chromium as a person would (SECURITY #5, #10)."""

from __future__ import annotations

import re

import pytest
from flask import url_for

from portfolio.auth.services.first_admin import create_first_admin
from portfolio.auth.views.reset import setup_links
from portfolio.extensions import db
from tests.browser.conftest import sign_in

NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"


def _looks_right(page, axe_check, screenshot, name: str) -> None:  # type: ignore[no-untyped-def]
    """No axe violation of any impact and no sideways scroll, at 1440 and at 390."""
    for width, height in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert axe_check(f"{name} at {width}") == []
        assert page.evaluate(NO_SIDEWAYS), f"{name} scrolls sideways at {width}"
        screenshot(f"{name}-{width}")


@pytest.fixture
def stale_after_sign_in(live_app):  # type: ignore[no-untyped-def]
    """Every password counts as typed too long ago until the test says otherwise."""
    live_app.config["REAUTH_MINUTES"] = -1
    yield live_app
    live_app.config["REAUTH_MINUTES"] = 15


def test_a_sensitive_action_asks_for_the_password_then_goes_back(
    page, live_server, stale_after_sign_in, axe_check, screenshot
) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, live_server, "admin@example.com")
    page.goto(f"{live_server}/admin/users/new")
    page.get_by_label("Full name").fill("Noor Haddad")
    page.get_by_label("Email address").fill("noor.haddad@example.com")
    page.get_by_label("Assessor").check()
    page.get_by_label("Initial password").fill("amber lighthouse 2026 walk")
    page.get_by_role("button", name=re.compile("Create")).click()

    page.wait_for_url(re.compile(r"/auth/confirm\?next=/admin/users/new"))
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm your password"
    _looks_right(page, axe_check, screenshot, "confirm-password")

    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Confirm").click()
    assert (
        "That is not your password. Try again."
        in page.locator(".error-summary").inner_text()
    )
    _looks_right(page, axe_check, screenshot, "confirm-password-wrong")

    stale_after_sign_in.config["REAUTH_MINUTES"] = 15  # the confirmation now counts
    page.get_by_label("Your password").fill("order-desk-demo")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/admin/users/new$"))
    # Back on the form; this time the account is created.
    page.get_by_label("Full name").fill("Noor Haddad")
    page.get_by_label("Email address").fill("noor.haddad@example.com")
    page.get_by_label("Assessor").check()
    page.get_by_label("Initial password").fill("amber lighthouse 2026 walk")
    page.get_by_role("button", name=re.compile("Create")).click()
    page.wait_for_url(re.compile(r"/admin/users/\d+$"))
    assert "Account created for Noor Haddad." in page.content()


def test_the_first_admin_sets_a_password_through_the_link_then_enrols_mfa(
    page, live_server, live_app, axe_check, screenshot
) -> None:  # type: ignore[no-untyped-def]
    with live_app.app_context(), live_app.test_request_context(base_url="http://127.0.0.1"):
        _, url = create_first_admin(
            db.session,
            email="head.of.centre@example.com",
            display_name="Dana Whitfield",
            centre=live_app.config["CENTRE_NAME"],
            links=setup_links(),
        )
        db.session.commit()
        login_path = url_for("auth.login")
    path = re.search(r"/auth/setup/\S+", url).group(0)
    page.goto(f"{live_server}{path}")
    assert page.get_by_role("heading", level=1).inner_text() == "Choose your password"
    assert "This link works once." in page.content()
    _looks_right(page, axe_check, screenshot, "first-admin-setup")
    page.get_by_label("New password", exact=True).fill("qwerty12345")
    page.get_by_label("Confirm new password").fill("qwerty12345")
    page.get_by_role("button", name="Set my password").click()
    assert "This password is too common." in page.locator(".error-summary").inner_text()
    new = "quiet orchard lantern 58"
    page.get_by_label("New password", exact=True).fill(new)
    page.get_by_label("Confirm new password").fill(new)
    page.get_by_role("button", name="Set my password").click()
    page.wait_for_url(re.compile(re.escape(login_path)))
    assert "you will then set up two-step sign-in" in page.content()

    page.get_by_label("Email address").fill("head.of.centre@example.com")
    page.get_by_label("Password").fill(new)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/auth/mfa/setup"))
    assert page.locator("svg").count() >= 1  # the QR code to scan

    page.goto(f"{live_server}{path}")  # the link worked once
    assert "This set-up link has expired or has already been used." in page.content()
    _looks_right(page, axe_check, screenshot, "first-admin-setup-used")
