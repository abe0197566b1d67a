"""An assessor exports a learner's portfolio, downloads the EQA pack and shares it.

The pack is a ZIP whose manifest matches its bytes; the share form sends the
EQA a time-limited link (the stored mail names it) that downloads the same pack
and is audited. The export page passes axe at 1440 and 390 px.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

from sqlalchemy import select

from portfolio.audit.models import AuditEvent
from portfolio.extensions import db
from portfolio.mail.models import OutboxMessage
from tests.browser.conftest import sign_in

EQA = "eqa.reviewer@awarding.example"


def _check_pack(data: bytes) -> dict:
    """The pack's manifest, after checking it lists every file with its SHA-256."""
    with zipfile.ZipFile(io.BytesIO(data)) as pack:
        names = set(pack.namelist())
        manifest = json.loads(pack.read("manifest.json"))
        listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
        assert listed, "the manifest lists no files"
        assert names == set(listed) | {"manifest.json"}
        for name, sha in listed.items():
            assert hashlib.sha256(pack.read(name)).hexdigest() == sha, name
        assert any(name.endswith(".pdf") for name in listed)
        return manifest


def test_assessor_downloads_and_shares_the_eqa_pack(
    page, live_app, live_server, axe_check, screenshot
) -> None:
    live_app.config["EXPORT_RUNNER"] = "thread"
    sign_in(page, live_server, "assessor@example.com")
    page.wait_for_url(f"{live_server}/dashboard")
    page.goto(f"{live_server}/exports")
    row = page.get_by_role("row").filter(has_text="learner@example.com")
    row.get_by_role("link").click()
    page.get_by_role("button", name="Export as PDF").click()
    page.get_by_role("link", name="Download the PDF").wait_for(
        state="visible", timeout=180_000
    )
    page.reload()  # the pack and share form are drawn for a finished export
    pack_link = page.get_by_role("link", name="Download the EQA pack (ZIP)")
    export_id = page.locator("code").first.inner_text().strip()

    for width, height in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        axe_check(f"export with EQA pack at {width} px")
        screenshot(f"eqa-pack-export-{width}")

    with page.expect_download() as info:
        pack_link.click()
    download = info.value
    assert download.suggested_filename == f"eqa-pack-{export_id[:8]}.zip"
    with open(download.path(), "rb") as handle:
        manifest = _check_pack(handle.read())
    assert manifest["export_id"] == export_id

    # The form refuses a bad address and says why, next to the field.
    page.get_by_label("EQA's e-mail address").fill("not an address")
    page.get_by_role("button", name="Send the link").click()
    assert page.get_by_text("Enter the EQA's e-mail address").first.is_visible()
    axe_check("share form with an error")

    page.get_by_label("EQA's e-mail address").fill(EQA)
    page.get_by_label("Link works for (days)").fill("3")
    page.get_by_role("button", name="Send the link").click()
    assert page.get_by_text(f"Link sent to {EQA}.").is_visible()

    with live_app.app_context():
        mail = db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_addr == EQA)
            .order_by(OutboxMessage.id.desc())
        ).first()
        assert mail is not None
        found = re.search(r"(/eqa/packs/[A-Za-z0-9_-]+)", mail.body)
        assert found, mail.body
        assert "Download it here until" in mail.body

    # The EQA is not signed in: a fresh context opens the link.
    eqa = page.context.browser.new_context()
    try:
        response = eqa.request.get(f"{live_server}{found.group(1)}")
        assert response.status == 200
        assert response.headers["content-type"] == "application/zip"
        shared = _check_pack(response.body())
        assert shared["export_id"] == export_id
        wrong = eqa.request.get(f"{live_server}/eqa/packs/not-a-real-token")
        assert wrong.status == 404
    finally:
        eqa.close()

    with live_app.app_context():
        actions = set(
            db.session.scalars(
                select(AuditEvent.action).where(AuditEvent.object_id == export_id)
            )
        )
    assert {"export.pack_shared", "export.pack_downloaded"} <= actions
