"""Run modes and clean scenarios through the REST API (issue 11)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portfolio.extensions import db
from tests.factories import make_people
from tests.web.simulator.helpers import load_sim_content


@pytest.fixture
def headers(app):  # type: ignore[no-untyped-def]
    """Bearer headers of a learner, with the simulated company seeded."""
    from portfolio.auth.models import User
    from portfolio.auth.services.tokens import create_token

    with app.app_context():
        load_sim_content(db.session)
        make_people(db.session)
        db.session.commit()
        user = db.session.scalars(
            select(User).where(User.email == "learner@test.example")
        ).one()
        _, plain = create_token(db.session, user, "modes")
        db.session.commit()
        return {"Authorization": f"Bearer {plain}"}


def test_options_document_complications_and_modes(app, headers) -> None:  # type: ignore[no-untyped-def]
    body = app.test_client().get("/api/v1/scenarios/options", headers=headers).json
    assert body["modes"] == ["assessment", "practice"]
    ids = [c["id"] for c in body["complication_details"]]
    assert ids == body["complications"] and "stock_shortage" in ids
    doc = app.test_client().get("/api/v1/openapi.json", headers=headers)
    assert doc.status_code == 200
    text = str(doc.json)
    assert "an empty list gives a clean order" in text and "assessment:" in text


def test_an_assessment_run_with_no_complications_submits_early(app, headers) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    resp = client.post(
        "/api/v1/runs",
        headers=headers,
        json={
            "scenario_type": "standard",
            "difficulty": "easy",
            "seed": 3,
            "complications": [],
            "mode": "assessment",
        },
    )
    assert resp.status_code == 201, resp.json
    run = resp.json
    assert run["mode"] == "assessment"
    acts = client.post(
        f"/api/v1/runs/{run['id']}/actions",
        headers=headers,
        json={"kind": "submit_order", "params": {}},
    )
    # Nothing entered: a real system refuses an empty order too, with a reason.
    assert acts.status_code == 201
    assert acts.json["entry"]["accepted"] is False
    assert "not complete" in acts.json["entry"]["reasons"][0]


def test_an_unknown_mode_is_refused_clearly(app, headers) -> None:  # type: ignore[no-untyped-def]
    resp = app.test_client().post(
        "/api/v1/runs",
        headers=headers,
        json={"scenario_type": "standard", "difficulty": "easy", "mode": "exam"},
    )
    assert resp.status_code == 422
    assert "mode" in str(resp.json)
