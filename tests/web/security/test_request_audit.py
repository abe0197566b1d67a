"""Reads and refusals that leave an audit trace (issue 16 #9) and redacted logs (#10)."""

from __future__ import annotations

import io
import logging

import pytest
from sqlalchemy import select

from portfolio.audit.models import AuditEvent
from portfolio.audit.request_events import RedactTokens, redact
from portfolio.evidence.models import EvidenceItem
from portfolio.extensions import db
from tests.conftest import csrf_token, login, make_test_app
from tests.integration.evidence.helpers import YESTERDAY, pdf_bytes, seed


@pytest.fixture
def app(tmp_path):
    app = make_test_app(tmp_path, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3/minute")
    with app.app_context():
        db.create_all()
        seed(db.session)
        db.session.commit()
    return app


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action)
        ).all()


def _uploaded_item(app, client) -> int:
    form = {
        "title": "Order form",
        "evidence_date": YESTERDAY.isoformat(),
        "context": "workplace",
        "order_type": "standard",
        "description": "x",
        "csrf_token": csrf_token(client, "/evidence/new/upload"),
        "file": (io.BytesIO(pdf_bytes()), "order.pdf"),
    }
    assert (
        client.post(
            "/evidence/new/upload", data=form, content_type="multipart/form-data"
        ).status_code
        == 302
    )
    with app.app_context():
        return db.session.scalar(select(EvidenceItem.id))


def test_downloads_and_refused_lookups_are_recorded(app) -> None:
    owner = app.test_client()
    login(owner, "learner@test.example")
    item = _uploaded_item(app, owner)
    url = f"/evidence/{item}/versions/1/file"
    assert owner.get(url).status_code == 200
    [download] = _events(app, "evidence.file_downloaded")
    assert f'"path":"{url}"' in download.details
    assert download.actor_label == "learner@test.example"
    other = app.test_client()
    login(other, "learner.b@test.example")
    assert other.get(url).status_code == 404
    [denied] = _events(app, "security.denied")
    assert denied.actor_label == "learner.b@test.example"


def test_rate_limit_hits_are_recorded(app) -> None:
    client = app.test_client()
    token = csrf_token(client)
    codes = [
        client.post(
            "/auth/login",
            data={
                "email": "learner@test.example",
                "password": "wrong",
                "csrf_token": token,
            },
        ).status_code
        for _ in range(4)
    ]
    assert codes[-1] == 429
    assert len(_events(app, "security.rate_limited")) == 1
    assert len(_events(app, "auth.login_failed")) == 3


def test_tokens_are_cut_short_in_request_logs() -> None:
    line = '127.0.0.1 - - "GET /evidence/sign/abcdefSECRETSECRETSECRET HTTP/1.1" 200'
    assert "SECRET" not in redact(line) and "/evidence/sign/abcdef…" in redact(line)
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '"%s" %s',
        ("GET /auth/reset/tok123SECRET.more HTTP/1.1", "200"),
        None,
    )
    RedactTokens().filter(record)
    assert "SECRET" not in record.getMessage()
    assert any(
        isinstance(f, RedactTokens) for f in logging.getLogger("werkzeug").filters
    )
