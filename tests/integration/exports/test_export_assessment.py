"""Assessment records (decisions, feedback, IQA samples, discussions) in the PDF."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pdfplumber

from portfolio.assessment import services as assessment
from portfolio.assessment.domain.signoff import ASSESSOR_DECLARATION
from portfolio.exports import services
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services import jobs
from tests.integration.assessment.helpers import complete_portfolio, seed, submitted


def _export_text(session, db_app, learner, actor) -> str:
    """Run an export of ``learner``'s portfolio and return its text, flattened."""
    export = services.start_export(session, learner.id, actor=actor)
    session.commit()
    jobs.execute(export.id)
    session.expire_all()
    export = session.get(PortfolioExport, export.id)
    assert export.status == ExportStatus.DONE, export.error
    text = _text(services.export_path(db_app.config["STORAGE_DIR"], export))
    return " ".join(text.split())


def _text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _judge_accept_and_sample(session, people, item) -> None:
    """The assessor accepts the item with feedback; the IQA agrees with it."""
    session.refresh(item)
    assessment.judge_item(
        session,
        item.id,
        actor=people["assessor"],
        rows=[
            ("K1", "met", "Clear account of the stock check before ordering"),
            ("MP1", "met", "Every customer detail entered accurately"),
        ],
        outcome="accept",
        actions="",
        expected_version=item.version_id,
    )
    rows, _ = assessment.sample_queue(session, actor=people["iqa"])
    assessment.decide_sample(
        session,
        rows[0].id,
        actor=people["iqa"],
        action="agree",
        feedback="Sound judgement, well evidenced",
        expected_version=rows[0].version_id,
    )


def test_decisions_feedback_samples_and_discussions_are_printed(
    session, db_app
) -> None:
    people = seed(session)
    item = submitted(session, people["learner"], ("K1", "MP1"), title="Stock check")
    _judge_accept_and_sample(session, people, item)
    record = assessment.DiscussionRecord(
        date.today() - timedelta(days=1),
        30,
        "How do you check stock before confirming?",
        "Checks the stock screen, then the supplier portal.",
        ("MP1",),
    )
    assessment.record_discussion(
        session, people["learner"].id, record, actor=people["assessor"]
    )
    flat = _export_text(session, db_app, people["learner"], people["assessor"])
    ref = f"E{item.id}"
    assert re.search(
        rf"Accepted \(version 1\) by {people['assessor'].display_name}", flat
    )
    assert "Clear account of the stock check before ordering" in flat
    assert "Every customer detail entered accurately" in flat
    assert re.search(rf"{ref} v1 K1, MP1 .*Agreed", flat, re.I)
    assert "Sound judgement, well evidenced" in flat
    assert re.search(rf"{ref} .{{0,80}}? · Met", flat)  # the matrix, as on the web
    assert "Checks the stock screen, then the supplier portal." in flat
    assert "Professional discussion" in flat and "30 minutes" in flat
    assert "No assessment decisions have been recorded" not in flat


def test_unit_sign_off_declarations_and_times_are_printed(session, db_app) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    complete_portfolio(session, learner, assessor)
    assessment.assessor_sign_off(session, learner.id, actor=assessor, declared=True)
    row = assessment.learner_declare(session, actor=learner, declared=True)
    flat = _export_text(session, db_app, learner, people["admin"])
    assert "Status: Signed off" in flat
    assert " ".join(ASSESSOR_DECLARATION.split())[:60] in flat
    signed = f"{row.learner_signed_at.day} {row.learner_signed_at:%b %Y}"
    assert f"Signed by {learner.display_name} (Learner) on {signed}" in flat
    assert f"Signed by {assessor.display_name} (Assessor) on {signed}" in flat
