"""Assessment objects for the access-control matrix."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portfolio.assessment import services
from portfolio.evidence.services.storage import storage_for
from portfolio.framework.models import Unit
from portfolio.framework.services import load_framework
from tests.integration.assessment.helpers import accept, submitted
from tests.integration.evidence.helpers import ROOT

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)


def assessment_matrix_ids(app, session, people) -> dict:
    """A submitted item, a judged (sampled) one and a discussion of the learner."""
    if session.scalar(select(Unit.id).limit(1)) is None:
        load_framework(session, ROOT / "seeds" / "framework.yaml")
    learner, assessor = people["learner"], people["assessor"]
    waiting = submitted(session, learner, ("K1",), title="Matrix waiting")
    judged = submitted(session, learner, ("K2",), title="Matrix judged")
    decision = accept(session, assessor, judged)
    record = services.DiscussionRecord(
        date.today() - timedelta(days=1), 15, "Q1", "A1", ("K3",)
    )
    discussion = services.record_discussion(
        session,
        learner.id,
        record,
        actor=assessor,
        audio=services.check_audio(WAV, "talk.wav", 1 << 20),
        storage=storage_for(app.config),
    )
    session.commit()
    return {
        "as_item": waiting.id,
        "as_judged_item": judged.id,
        "as_sample": decision.sample.id,
        "as_discussion": discussion.id,
    }
