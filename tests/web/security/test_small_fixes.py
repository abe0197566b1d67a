"""Issue 16 #10: resend throttle, peer witnesses, hidden control characters."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portfolio.evidence.models import EvidenceItem
from portfolio.extensions import db
from portfolio.mail.models import OutboxMessage
from tests.conftest import login, post
from tests.integration.evidence.helpers import seed
from tests.web.evidence.test_evidence_web import REQUEST


@pytest.fixture
def learner(app):
    with app.app_context():
        seed(db.session)
        db.session.commit()
    client = app.test_client()
    assert login(client, "learner@test.example").status_code == 302
    return client


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_eight_quick_resends_send_one_email_and_say_why(app, learner) -> None:
    assert post(learner, "/evidence/testimonies/new", REQUEST).status_code == 302
    with app.app_context():
        item_id = db.session.scalar(select(EvidenceItem.id))
    for _ in range(8):
        reply = post(
            learner, f"/evidence/{item_id}/testimony/resend", follow_redirects=True
        )
        assert "a moment ago" in reply.get_data(as_text=True)
    assert _count(app, OutboxMessage) == 1


def test_a_fellow_learner_cannot_be_named_witness(app, learner) -> None:
    peer = dict(REQUEST, witness_email="learner.b@test.example")
    reply = post(learner, "/evidence/testimonies/new", peer)
    assert reply.status_code == 422
    assert "belongs to a learner" in reply.get_data(as_text=True)
    assert _count(app, EvidenceItem) == 0 and _count(app, OutboxMessage) == 0


@pytest.mark.parametrize("hidden", ["\x00", "\u202e", "\u2066"])
def test_hidden_controls_in_titles_and_names_are_refused(app, learner, hidden) -> None:
    bad = dict(REQUEST, witness_name=f"Sam{hidden}Supervisor")
    reply = post(learner, "/evidence/testimonies/new", bad)
    assert reply.status_code == 400
    assert "invisible control characters" in reply.get_data(as_text=True)
    assert _count(app, EvidenceItem) == 0


def test_hidden_controls_in_api_json_are_refused(app, learner) -> None:
    from portfolio.auth.services.tokens import create_token
    from tests.factories import make_user

    with app.app_context():
        user = make_user(db.session, "api.learner@test.example")
        _, token = create_token(db.session, user, "t")
        db.session.commit()
    reply = learner.post(
        "/api/v1/evidence/reflections",
        json={"title": "Order \u202egnp.exe"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert reply.status_code == 400
    assert "invisible control characters" in reply.get_json()["message"]
