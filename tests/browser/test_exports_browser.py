"""A learner starts an export, watches its progress and gets the download link."""

from __future__ import annotations

from tests.browser.conftest import sign_in


def test_learner_exports_portfolio_and_downloads_it(
    page, live_app, live_server, axe_check, screenshot
) -> None:
    live_app.config["EXPORT_RUNNER"] = "thread"
    sign_in(page, live_server, "learner@example.com")
    page.wait_for_url(f"{live_server}/dashboard")
    page.get_by_role("link", name="Exports").click()
    assert page.get_by_role("heading", name="Export your portfolio").is_visible()
    axe_check("exports list")
    page.get_by_role("button", name="Export as PDF").click()
    assert page.get_by_role("heading", name="Portfolio export").is_visible()
    download = page.get_by_role("link", name="Download the PDF")
    download.wait_for(state="visible", timeout=120_000)
    axe_check("export ready")
    screenshot("export-ready")
    with page.expect_download() as info:
        download.click()
    path = info.value.path()
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    page.goto(f"{live_server}/verify")
    axe_check("verify page")
    page.get_by_label("Upload the PDF").set_input_files(str(path))
    page.get_by_role("button", name="Check").click()
    assert page.get_by_text("This is an unaltered export.").is_visible()
