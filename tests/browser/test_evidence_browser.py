"""A learner builds evidence and a supervisor signs a testimony, in real Chromium."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.browser.conftest import sign_in
from tests.integration.evidence.helpers import pdf_bytes

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


def _details(page, title: str) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("Date of the evidence").fill(YESTERDAY)
    page.get_by_label("Workplace").check()
    page.get_by_label("Order type").select_option("standard")


def _map(page, code: str, why: str) -> None:
    page.get_by_label(f"Shows {code}").check()
    page.get_by_label(f"How does it show {code}?").fill(why)
    page.get_by_role("button", name="Save mapping").click()
    page.get_by_text("Mapping saved.").wait_for()


def test_learner_builds_evidence_and_supervisor_signs_by_link(
    page, browser, live_server, live_app, axe_check, screenshot, tmp_path
) -> None:
    live_app.config["PUBLIC_BASE_URL"] = live_server  # emails link to this server
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, "learner@example.com")
    page.wait_for_url(f"{live_server}/dashboard")

    # Upload a PDF, with a wrong file first to see the error.
    page.get_by_role("link", name="My evidence").first.click()
    axe_check("evidence list (empty)")
    page.get_by_role("link", name="Add evidence").first.click()
    axe_check("add evidence")
    page.get_by_role("link", name="Upload a workplace document").click()
    fake = tmp_path / "evil.pdf"
    fake.write_text("<html><script>alert(1)</script></html>")
    _details(page, "Order form for Hale and Co")
    page.get_by_label("File").set_input_files(str(fake))
    page.get_by_role("button", name="Upload and continue").click()
    assert "content is not one" in page.get_by_role("alert").inner_text()
    axe_check("upload error")
    real = tmp_path / "order.pdf"
    real.write_bytes(pdf_bytes("Order SO-1042: 12 boxes of A4 paper"))
    _details(page, "Order form for Hale and Co")
    page.get_by_label("File").set_input_files(str(real))
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_text("Evidence saved as a draft").wait_for()
    axe_check("mapping editor")
    _map(page, "MP1", "Every field of the order matches the customer's email")
    axe_check("item page")

    # Write a reflection and map it.
    page.goto(f"{live_server}/evidence/new/reflection")
    _details(page, "Reflection on an urgent order")
    page.get_by_label("What happened?").fill("A customer needed paper the same day.")
    page.get_by_label("What did you decide, and why?").fill("I checked stock *first*.")
    page.get_by_label("Which procedure or policy did you follow?").fill(
        "Urgent order procedure 4.2"
    )
    page.get_by_label("What would you do differently next time?").fill(
        "Confirm by email sooner."
    )
    axe_check("reflection editor")
    page.get_by_role("button", name="Save reflection").click()
    _map(page, "MP4", "I followed the urgent order procedure")
    assert page.locator(".prose em").first.inner_text() == "first"

    # Ask the supervisor for a testimony.
    page.goto(f"{live_server}/evidence/testimonies/new")
    page.get_by_label("Witness's full name").fill("Sam Supervisor")
    page.get_by_label("Witness's work email address").fill("supervisor@example.com")
    page.get_by_label("Their job title").fill("Sales office manager")
    page.get_by_label("How do they know your work?").fill("My line manager")
    page.get_by_label("What did they see you do?").fill(
        "Confirm three orders with customers"
    )
    page.get_by_label("First date they saw it").fill(YESTERDAY)
    page.get_by_label("Last date they saw it").fill(YESTERDAY)
    page.get_by_label(re.compile(r"^MP2:")).check()
    page.get_by_label("Draft statement").fill(
        "I saw them confirm orders before submitting."
    )
    axe_check("testimony request")
    page.get_by_role("button", name="Send the request").click()
    page.get_by_text("Request sent to supervisor@example.com").wait_for()
    item_url = page.url
    assert page.get_by_text("Awaiting signature").first.is_visible()

    # The admin reads the development outbox to find the emailed link.
    admin = browser.new_context().new_page()
    sign_in(admin, live_server, "admin@example.com")
    admin.goto(f"{live_server}/dev/outbox")
    axe_check_page = admin.locator(".outbox__message").first.inner_text()
    link = re.search(r"(http\S+/evidence/sign/\S+)", axe_check_page).group(1)
    assert link.startswith(live_server)

    # The supervisor opens the link without signing in, and signs.
    witness = browser.new_context().new_page()
    witness.on("dialog", lambda dialog: dialog.accept())
    witness.goto(link)
    assert witness.get_by_role(
        "heading", name=re.compile("Witness testimony for")
    ).is_visible()
    assert witness.get_by_role("button", name="Sign out").count() == 0
    witness.get_by_label("Your statement").fill(
        "I watched them confirm each order by phone."
    )
    witness.get_by_label("Your full name").fill("Sam Supervisor")
    witness.get_by_label("I confirm the declaration above").check()
    witness.get_by_role("button", name="Sign the testimony").click()
    witness.get_by_text("You signed the testimony").wait_for()
    witness.goto(link)
    assert "already been signed" in witness.content()

    # The learner sees it locked, and the coverage matrix updated.
    page.goto(item_url)
    assert page.get_by_text("Signed and locked").first.is_visible()
    assert page.get_by_text("Verified: matches its signature").is_visible()
    screenshot("evidence-testimony-signed")
    page.get_by_role("link", name="Coverage").first.click()
    axe_check("coverage matrix")
    for code in ("MP1", "MP2", "MP4"):
        assert page.locator(f"#row-{code} details").count() == 1
    assert page.locator("#row-MP3 .tag--red").is_visible()  # still a gap
    assert "Gap" not in page.locator("#row-R1").inner_text()
    screenshot("evidence-coverage")
