"""The caseload row follows evidence submitted and judged through the forms."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from portfolio.assessment.models import LearnerProgress
from portfolio.evidence.models import EvidenceItem
from portfolio.extensions import db
from tests.conftest import csrf_token, login, post
from tests.integration.evidence.helpers import YESTERDAY, pdf_bytes, seed

DETAILS = {
    "title": "Order form for Hale",
    "evidence_date": YESTERDAY.isoformat(),
    "context": "workplace",
    "order_type": "standard",
    "description": "What it shows",
}


def _as(app, email: str):
    """A client signed in as ``email``."""
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def _row(client, learner_id: int) -> str:
    """The learner's row of the caseload table, tags stripped, spaces collapsed."""
    body = client.get("/assessment/caseload").get_data(as_text=True)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    mine = next(r for r in rows if f'/assessment/learners/{learner_id}"' in r)
    return " ".join(re.sub(r"<[^>]+>", " ", mine).split())


def _submit_upload(client) -> int:
    """Upload a PDF, claim K1 and submit it, all through the learner's forms."""
    form = dict(DETAILS, csrf_token=csrf_token(client, "/evidence/new/upload"))
    form["file"] = (io.BytesIO(pdf_bytes()), "order.pdf")
    resp = client.post(
        "/evidence/new/upload", data=form, content_type="multipart/form-data"
    )
    item_id = int(re.search(r"/evidence/(\d+)/mapping", resp.location).group(1))
    post(client, f"/evidence/{item_id}/mapping", {"c_K1": "y", "j_K1": "Shows K1"})
    resp = post(client, f"/evidence/{item_id}/submit", {"redaction_confirmed": "y"})
    assert resp.status_code == 302
    return item_id


def test_submitting_and_judging_through_the_forms_changes_the_caseload_row(
    app,
) -> None:
    with app.app_context():
        people = seed(db.session)
        db.session.commit()
        learner_id = people["learner"].id
    assessor = _as(app, "assessor@test.example")
    before = _row(assessor, learner_id)
    assert "0 of 12" in before and "None" in before and "No activity yet" in before

    item_id = _submit_upload(_as(app, "learner@test.example"))
    after = _row(assessor, learner_id)
    assert "1 item from" in after and "oldest today" in after
    assert "Today" in after  # the submission is the learner's last activity
    with app.app_context():
        row = db.session.get(LearnerProgress, learner_id)
        assert row is not None and row.waiting == 1  # read from the stored row

    with app.app_context():
        version = db.session.get(EvidenceItem, item_id).version_id
    resp = post(
        assessor,
        f"/assessment/items/{item_id}",
        {"version": version, "d_K1": "met", "outcome": "accept"},
    )
    assert resp.status_code == 302
    judged = _row(assessor, learner_id)
    assert "2 of 12" in judged and "1 item" not in judged
    with app.app_context():
        stored = db.session.scalars(
            select(LearnerProgress.achieved).where(
                LearnerProgress.learner_id == learner_id
            )
        ).one()
        assert stored == 2
