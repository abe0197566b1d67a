"""The order desk in Chromium: a refused line shows its reason where the eye is."""

from __future__ import annotations

import re

from tests.browser.conftest import sign_in


def _start_standard(page, base: str) -> None:  # type: ignore[no-untyped-def]
    """Start an easy standard scenario and open the message."""
    page.goto(f"{base}/simulator/")
    page.get_by_label(re.compile("^Standard:")).check()
    page.get_by_label(re.compile("^Easy:")).check()
    page.get_by_label("Scenario number").fill("2")
    page.get_by_role("button", name="Start scenario").click()
    page.wait_for_url(re.compile(r"/simulator/runs/\d+$"))


def _bad_code_is_beside_the_line_form(page) -> None:  # type: ignore[no-untyped-def]
    """Add a line with an unknown code; the refusal is visible beside the form."""
    form = page.locator('form[action$="/act/add_line"]')
    form.get_by_label("Product code").fill("NOT-A-CODE")
    form.get_by_label("Quantity").fill("7")
    form.get_by_role("button").click()
    refusal = page.locator("#refusal-add_line")
    refusal.wait_for()
    assert refusal.is_visible()
    box = refusal.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height
    bar = page.locator("#order-bar").bounding_box()  # the sticky total is not over it
    assert bar is not None and box["y"] >= bar["y"] + bar["height"] - 1
    form = page.locator('form[action$="/act/add_line"]')
    assert form.get_by_label("Product code").input_value() == "NOT-A-CODE"
    assert form.get_by_label("Quantity").input_value() == "7"
    assert page.locator(".refusal").count() == 1  # one message for one problem


def test_bad_code_error_is_next_to_the_line_form_with_js(
    page, live_server, axe_check
) -> None:  # type: ignore[no-untyped-def]
    loads: list[str] = []
    sign_in(page, live_server, "learner@example.com")
    _start_standard(page, live_server)
    page.on("load", lambda: loads.append(page.url))
    _bad_code_is_beside_the_line_form(page)
    assert loads == []  # htmx swapped the desk in place: no full page load
    axe_check("refused line")


def test_bad_code_error_is_next_to_the_line_form_without_js(
    browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "learner@example.com")
    _start_standard(page, live_server)
    _bad_code_is_beside_the_line_form(page)
    assert page.url.endswith("#act-add_line")  # post-redirect-get to the form
    context.close()
