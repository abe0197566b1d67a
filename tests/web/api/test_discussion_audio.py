"""A professional discussion's recording through the API: record it, download it."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from portfolio.assessment.models import ProfessionalDiscussion
from portfolio.auth.services.tokens import create_token
from portfolio.extensions import db
from tests.factories import make_people
from tests.web.assessment.helpers import WAV, assessment_matrix_ids

FORM = {
    "held_on": "2026-11-01",
    "duration_minutes": "20",
    "questions": "How do you check stock?",
    "answers": "In the ERP, then I call the warehouse.",
    "criteria": ["K1", "K2"],
}


def _world(app):
    with app.app_context():
        people = make_people(db.session)
        ids = assessment_matrix_ids(app, db.session, people)
        tokens = {k: create_token(db.session, people[k], "t")[1] for k in people}
        db.session.commit()
        return {k: u.id for k, u in people.items()}, ids, tokens


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(ProfessionalDiscussion)
        )


def _post(client, learner_id, token, data):
    return client.post(
        f"/api/v1/assessment/learners/{learner_id}/discussions/recorded",
        data=data,
        content_type="multipart/form-data",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_the_assessor_records_with_audio_and_the_learner_downloads_it(app, client):
    people, _ids, tokens = _world(app)
    before = _count(app)
    resp = _post(
        client,
        people["learner"],
        tokens["assessor"],
        {**FORM, "audio": (io.BytesIO(WAV), "talk.wav")},
    )
    assert resp.status_code == 201, resp.get_data(as_text=True)
    body = resp.get_json()
    assert body["criteria"] == ["K1", "K2"] and len(body["audio_sha256"]) == 64
    assert _count(app) == before + 1
    download = client.get(
        f"/api/v1/assessment/discussions/{body['id']}/audio",
        headers={"Authorization": f"Bearer {tokens['learner']}"},
    )
    assert download.status_code == 200
    assert download.data == WAV
    assert download.mimetype == "audio/x-wav"
    assert "attachment" in download.headers["Content-Disposition"]
    assert "sandbox" in download.headers["Content-Security-Policy"]


def test_a_file_that_is_not_audio_is_a_422_naming_it_and_nothing_is_written(
    app, client
):
    people, _ids, tokens = _world(app)
    before = _count(app)
    resp = _post(
        client,
        people["learner"],
        tokens["assessor"],
        {**FORM, "audio": (io.BytesIO(b"<html>hi</html>"), "talk.wav")},
    )
    assert resp.status_code == 422
    assert "audio" in resp.get_json()["errors"]["files"]
    missing = _post(client, people["learner"], tokens["assessor"], FORM)
    assert missing.status_code == 422
    assert _count(app) == before


def test_another_assessors_learner_and_their_recording_are_404(app, client):
    people, ids, tokens = _world(app)
    before = _count(app)
    resp = _post(
        client,
        people["learner"],
        tokens["assessor_b"],
        {**FORM, "audio": (io.BytesIO(WAV), "talk.wav")},
    )
    assert resp.status_code == 404
    assert _count(app) == before
    other = client.get(
        f"/api/v1/assessment/discussions/{ids['as_discussion']}/audio",
        headers={"Authorization": f"Bearer {tokens['learner_b']}"},
    )
    assert other.status_code == 404
