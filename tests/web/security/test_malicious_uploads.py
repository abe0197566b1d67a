"""The malicious-upload corpus through the web form and the API, ClamAV running.

Every specimen must be refused with its clear message, and nothing may be left
behind: no item, no version, no stored file. The scanner is fail-closed: with clamd
unreachable, even a clean file is refused and nothing is stored.
"""

from __future__ import annotations

import io
import os

import pytest
from sqlalchemy import func, select

from portfolio.auth.services.tokens import create_token
from portfolio.evidence.models import EvidenceItem, EvidenceVersion
from portfolio.extensions import db
from tests.conftest import csrf_token, login, make_test_app
from tests.corpus.malicious import EICAR, corpus
from tests.integration.evidence.helpers import YESTERDAY, pdf_bytes, seed

FIELDS = {
    "title": "Order form",
    "evidence_date": YESTERDAY.isoformat(),
    "context": "workplace",
    "order_type": "standard",
    "description": "What it shows",
}


@pytest.fixture
def world(scanning_app):
    """The scanning app with people, a signed-in learner and the learner's token."""
    with scanning_app.app_context():
        people = seed(db.session)
        _, token = create_token(db.session, people["learner"], "corpus")
        email = people["learner"].email
        db.session.commit()
    client = scanning_app.test_client()
    assert login(client, email).status_code == 302
    return scanning_app, client, token


def _left_behind(app) -> tuple[int, int, list[str]]:
    """Items, versions and stored files."""
    with app.app_context():
        items = db.session.scalar(select(func.count()).select_from(EvidenceItem))
        versions = db.session.scalar(select(func.count()).select_from(EvidenceVersion))
    root = app.config["STORAGE_DIR"]
    return items, versions, [f for _, _, fs in os.walk(root) for f in fs]


def _web(client, name: str, data: bytes):
    form = dict(FIELDS, csrf_token=csrf_token(client, "/evidence/new/upload"))
    form["file"] = (io.BytesIO(data), name)
    return client.post(
        "/evidence/new/upload", data=form, content_type="multipart/form-data"
    )


def _api(client, token: str, name: str, data: bytes):
    return client.post(
        "/api/v1/evidence/files",
        data=dict(FIELDS, file=(io.BytesIO(data), name)),
        headers={"Authorization": f"Bearer {token}"},
        content_type="multipart/form-data",
    )


def _explained(specimen, body: str) -> bool:
    """Its own refusal, or ClamAV's heuristics got there first (both say why)."""
    return specimen.message in body or "virus scanner found" in body


@pytest.mark.parametrize("specimen", corpus(), ids=lambda s: s.key)
def test_refused_through_the_form_and_the_api(world, specimen) -> None:
    app, client, token = world
    page = _web(client, specimen.name, specimen.data)
    assert page.status_code == 422, specimen.key
    assert _explained(specimen, page.get_data(as_text=True))
    api = _api(client, token, specimen.name, specimen.data)
    assert api.status_code == 422, api.get_data(as_text=True)
    assert _explained(specimen, api.get_data(as_text=True))
    assert _left_behind(app) == (0, 0, [])


def test_a_clean_file_still_passes_the_scanner(world) -> None:
    app, client, token = world
    assert _api(client, token, "order.pdf", pdf_bytes()).status_code == 201
    assert _left_behind(app)[0] == 1


def test_scanner_down_refuses_and_stores_nothing(tmp_path) -> None:
    app = make_test_app(
        tmp_path, MALWARE_SCANNER="clamav", CLAMAV_SOCKET=str(tmp_path / "none.sock")
    )
    with app.app_context():
        db.create_all()
        people = seed(db.session)
        _, token = create_token(db.session, people["learner"], "down")
        db.session.commit()
    client = app.test_client()
    for data in (pdf_bytes(), EICAR):
        reply = _api(client, token, "order.pdf", data)
        assert reply.status_code == 422
        assert "could not be checked for viruses" in reply.get_data(as_text=True)
    assert _left_behind(app) == (0, 0, [])
