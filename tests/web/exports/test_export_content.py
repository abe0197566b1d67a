"""Acceptance: every word a learner and witness typed through the forms is in the PDF."""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portfolio.auth.models import Enrolment, User
from portfolio.evidence.models import EvidenceItem
from portfolio.extensions import db
from portfolio.mail.models import OutboxMessage
from tests.conftest import csrf_token, login, post
from tests.integration.evidence.helpers import YESTERDAY, pdf_bytes, seed
from tests.web.simulator.helpers import finished_run, load_sim_content

DAY = YESTERDAY.isoformat()
REFLECTION = {
    "what_happened": "Quartermaine Stationers rang about a late consignment",
    "decisions": "I prioritised the backorder because Quartermaine pays promptly",
    "procedure": "Followed the credit-hold escalation clause before releasing stock",
    "differently": "Next time I would confirm the delivery window in writing",
}
UPLOAD_TEXT = "Scanned purchase order showing the Vantablack toner request"
TESTIMONY = {
    "witness_name": "Sam Supervisor",
    "witness_email": "supervisor@test.example",
    "witness_job_title": "Sales office manager",
    "relationship": "Line manager in the sales office",
    "witnessed": "Handled the Ellesmere urgent order calmly",
    "date_from": DAY,
    "date_to": DAY,
    "criteria": ["MP2"],
    "draft_statement": "Learner draft wording nobody signed",
}
SIGNED = "I watched them resolve the Ellesmere shortfall with the warehouse"
DISCUSSION = "Discussed Fenwick pricing exceptions and the discount approval ladder"
OBSERVATION = "Observed the learner keying the Harrowgate repeat order accurately"
JUSTIFY = {
    "reflection": ("K1", "Explains why the Quartermaine backorder came first"),
    "upload": ("MP1", "Shows the customer requirements captured from Vantablack"),
    "discussion": ("K2", "Talks through the Fenwick discount approval rules"),
    "observation": ("MP3", "Keyed the Harrowgate order with no errors"),
    "simulator": ("MP4", "Simulator order followed up with the customer"),
}


def _details(title: str, context: str = "workplace") -> dict:
    return {"title": title, "evidence_date": DAY, "context": context}


def _created_id(resp) -> int:
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    return int(re.search(r"/evidence/(\d+)", resp.headers["Location"]).group(1))


def _map_and_submit(client, item_id: int, code: str, why: str) -> None:
    resp = post(
        client, f"/evidence/{item_id}/mapping", {f"c_{code}": "y", f"j_{code}": why}
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)[:800]
    resp = post(client, f"/evidence/{item_id}/submit", {"redaction_confirmed": "y"})
    assert resp.status_code == 302


def _upload(client) -> int:
    form = dict(_details("Purchase order scan"), description=UPLOAD_TEXT)
    form["csrf_token"] = csrf_token(client, "/evidence/new/upload")
    form["file"] = (io.BytesIO(pdf_bytes()), "order.pdf")
    return _created_id(
        client.post(
            "/evidence/new/upload", data=form, content_type="multipart/form-data"
        )
    )


def _testimony(app, client) -> int:
    resp = post(client, "/evidence/testimonies/new", TESTIMONY)
    item_id = _created_id(resp)
    with app.app_context():
        body = db.session.scalars(select(OutboxMessage)).first().body
    path = "/evidence/sign/" + re.search(r"/evidence/sign/(\S+)", body).group(1)
    anon = app.test_client()
    page = anon.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    signed = {
        "statement": SIGNED,
        "signer_name": "Sam Supervisor",
        "job_title": "Sales office manager",
        "confirmed": "y",
        "csrf_token": token,
    }
    assert anon.post(path, data=signed).status_code == 200
    resp = post(client, f"/evidence/{item_id}/submit", {"redaction_confirmed": "y"})
    assert resp.status_code == 302
    return item_id


def _record(client, kind: str, text: str, title: str) -> int:
    form = dict(_details(title), kind=kind, body=text)
    return _created_id(post(client, "/evidence/new/record", form))


def _simulator(app, client) -> list[int]:
    with app.app_context():
        learner = db.session.scalar(
            select(User).where(User.email == "learner@test.example")
        )
        run = finished_run(db.session, learner, "urgent", seed=12)
        db.session.commit()
        run_id = run.id
    assert post(client, f"/evidence/simulator-runs/{run_id}/add").status_code == 302
    with app.app_context():
        return list(
            db.session.scalars(
                select(EvidenceItem.id).where(EvidenceItem.sim_run_id == run_id)
            )
        )


@pytest.fixture
def portfolio_client(app):
    """A learner who made one item of every kind through the forms."""
    with app.app_context():
        seed(db.session)
        load_sim_content(db.session)
        db.session.commit()
    client = app.test_client()
    assert login(client, "learner@test.example").status_code == 302
    form = dict(_details("Late consignment reflection"), **REFLECTION)
    made = {"reflection": _created_id(post(client, "/evidence/new/reflection", form))}
    made["upload"] = _upload(client)
    made["discussion"] = _record(
        client, "professional_discussion", DISCUSSION, "Pricing discussion"
    )
    made["observation"] = _record(client, "observation", OBSERVATION, "Observed keying")
    for key, item_id in made.items():
        _map_and_submit(client, item_id, *JUSTIFY[key])
    for item_id in _simulator(app, client):
        _map_and_submit(client, item_id, *JUSTIFY["simulator"])
    _testimony(app, client)
    return client


def _export_pdf(app, client, data: dict | None = None) -> bytes:
    app.config["EXPORT_RUNNER"] = "inline"
    with app.app_context():
        learner_id = db.session.scalar(
            select(User.id).where(User.email == "learner@test.example")
        )
    resp = post(client, f"/learners/{learner_id}/exports", data or {})
    assert resp.status_code == 302
    public_id = resp.headers["Location"].rsplit("/", 1)[-1]
    status = client.get(f"/exports/{public_id}/status").get_json()
    assert status["status"] == "done", status
    pdf = client.get(status["download_url"]).data
    if os.environ.get("EXPORT_ARTIFACTS"):  # page images for a person to look at
        Path(os.environ["EXPORT_ARTIFACTS"]).write_bytes(pdf)
    return pdf


def _text(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())


def _export_text(app, client, data: dict | None = None) -> str:
    return _text(_export_pdf(app, client, data))


def _contents_links(pdf: bytes) -> list[tuple[int, int]]:
    """(contents page index, target page index) of every internal link."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages)}
    links = []
    for n, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or ():
            dest = ref.get_object().get("/Dest")
            if dest is not None:
                links.append((n, pages[dest[0].idnum]))
    return links


def test_every_word_typed_is_in_the_export(app, portfolio_client) -> None:
    pdf = _export_pdf(app, portfolio_client)
    text = _text(pdf)
    typed = [*REFLECTION.values(), UPLOAD_TEXT, SIGNED, DISCUSSION, OBSERVATION]
    typed += [why for _, why in JUSTIFY.values()]
    missing = [t for t in typed if t not in text]
    assert not missing, missing
    assert "What did you decide, and why?" in text  # the prompts too
    assert "Learner draft wording nobody signed" not in text
    assert "Draft — not for assessment" not in text
    assert "Not submitted" not in text
    # The matrix reads like the coverage page: a state per criterion and item.
    assert "K1 Explains" in text or "K1" in text
    assert re.search(
        r"MP2 .*? Submitted .*?Witness testimony from Sam Supervisor", text
    )
    assert "Gap" in text and "pending" not in text and "NOT YET" not in text
    # Every contents entry links to the page its number names, across merged parts.
    reader = PdfReader(io.BytesIO(pdf))
    links = _contents_links(pdf)
    assert len(links) >= 12
    for _source, target in links:
        assert reader.pages[target].extract_text().strip()
    page = int(re.search(r"E1 Late consignment reflection (\d+)", text).group(1))
    assert page - 1 in {t for _s, t in links}
    assert "E1 · Reflection" in reader.pages[page - 1].extract_text()


def test_drafts_are_left_out_unless_the_learner_asks(app, portfolio_client) -> None:
    form = dict(_details("Unfinished draft reflection"), **REFLECTION)
    post(portfolio_client, "/evidence/new/reflection", form)
    assert "Unfinished draft reflection" not in _export_text(app, portfolio_client)
    text = _export_text(app, portfolio_client, {"include_drafts": "y"})
    assert "Unfinished draft reflection" in text
    assert "Draft — not for assessment" in text


def test_cover_carries_awarding_details_and_the_public_verify_url(
    app, portfolio_client
) -> None:
    app.config.update(
        PUBLIC_BASE_URL="https://portfolio.example.org", CENTRE_NUMBER="71234"
    )
    admin = app.test_client()
    assert login(admin, "admin@test.example").status_code == 302
    with app.app_context():
        learner_id = db.session.scalar(
            select(User.id).where(User.email == "learner@test.example")
        )
    url = f"/admin/users/{learner_id}/enrolment"
    bad = post(admin, url, {"uln": "12ab"})
    assert "A ULN is 10 digits." in bad.get_data(as_text=True)
    with app.app_context():
        enrolment = db.session.scalar(
            select(Enrolment).where(Enrolment.learner_id == learner_id)
        )
        assert enrolment.uln is None  # nothing written
    resp = post(admin, url, {"uln": "9876543210", "registration_number": "NVA-55"})
    assert resp.status_code == 302
    text = _export_text(app, portfolio_client)
    for expected in (
        "Level 3 Certificate in Sales Order Administration",
        "603/9999/7",
        "HSO/3/07",
        "Northern Vocational Awards",
        "centre number 71234",
        "9876543210",
        "NVA-55",
        "https://portfolio.example.org/verify",
    ):
        assert expected in text, expected
    assert "127.0.0.1" not in text
