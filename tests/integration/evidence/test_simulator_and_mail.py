"""Simulator records as work products, query counts, and the mail outbox."""

from __future__ import annotations

import smtplib

import pytest
from flask import render_template
from sqlalchemy import event, select

from portfolio.assessment.services.coverage import coverage_for
from portfolio.errors import ValidationError
from portfolio.evidence import services
from portfolio.mail.models import OutboxMessage
from portfolio.mail.services import REDACTED, deliver_queued, send_mail
from tests.integration.evidence.helpers import details, seed

DOCS = [
    {
        "kind": "order_form",
        "title": "Order form SO-1042",
        "data": {
            "order_ref": "SO-1042",
            "customer": {"account": "HAL001", "name": "Hale & Co"},
            "contact": {
                "name": "Jo Hale",
                "email": "jo@hale.example",
                "phone": "0113 496 0000",
            },
            "delivery_address": ["1 Mill Lane", "Leeds", "LS1 4AP"],
            "customer_ref": "PO-77",
            "requested_date": "2026-11-30",
            "instructions": "Deliver before noon",
            "lines": [
                {
                    "code": "A4-500",
                    "description": "A4 paper <b>500</b>",
                    "qty": 12,
                    "unit_price": "4.50",
                    "discount_pct": 5,
                    "line_total": "51.30",
                }
            ],
            "totals": {"net": "51.30", "vat": "10.26", "gross": "61.56"},
        },
    },
    {
        "kind": "confirmation_email",
        "title": "Confirmation email",
        "data": {
            "to": "jo@hale.example",
            "subject": "Your order SO-1042",
            "body": "Dear Jo,\nConfirmed.",
            "sent_at": "2026-11-28T10:00:00Z",
            "customer_reply": "Thanks!",
        },
    },
    {
        "kind": "follow_up_record",
        "title": "Follow-up record",
        "data": {
            "follow_ups": [
                {
                    "at": "2026-11-28T15:00:00Z",
                    "channel": "phone",
                    "who": "Jo Hale",
                    "summary": "Short by 2 boxes",
                    "outcome": "Agreed split delivery",
                    "next_action_date": "2026-12-01",
                }
            ],
            "issues": [
                {
                    "problem": "Stock short",
                    "impact": "Late delivery",
                    "action": "Split",
                    "resolution": "Customer agreed",
                }
            ],
        },
    },
]
SCORE = {
    "criteria": {
        "MP1": {"met": True, "findings": []},
        "MP2": {
            "met": True,
            "findings": [
                {
                    "rule": "confirm",
                    "message": "Confirmed before submitting",
                    "seq": 4,
                    "sim_time": 60,
                    "clause": "3.2",
                }
            ],
        },
        "MP3": {
            "met": False,
            "findings": [
                {
                    "rule": "follow",
                    "message": "No next action date",
                    "seq": 9,
                    "sim_time": 300,
                    "clause": "5.1",
                }
            ],
        },
        "MP4": {"met": True, "findings": []},
    }
}


def test_a_finished_run_becomes_three_pre_mapped_draft_work_products(
    session, db_app
) -> None:
    p = seed(session)
    items = services.create_simulator_work_products(
        session,
        learner=p["learner"],
        run_id=None or 0,
        order_type="urgent",
        score=SCORE,
        documents=DOCS,
        criteria=["MP1", "MP2", "MP3", "MP4"],
        actor=p["learner"],
    )
    day = items[0].current.evidence_date
    when = f"{day.day} {day:%b %Y}"
    assert [i.current.title for i in items] == [
        f"Urgent order for Hale & Co, {when} — order form",
        f"Urgent order for Hale & Co, {when} — confirmation email",
        f"Urgent order for Hale & Co, {when} — follow-up record",
    ]
    assert all(
        i.status == "draft" and i.context == "simulation" and i.order_type == "urgent"
        for i in items
    )
    codes = [[c.criterion.code for c in i.current.claims] for i in items]
    assert codes == [["MP1", "MP4", "R3"], ["MP2", "R3"], ["MP3", "R3"]]
    email_claim = items[1].current.claims[0].justification
    assert email_claim == "Simulated urgent order: MP2 met (Confirmed before submitting)."
    assert items[0].current.structured["document"]["data"]["order_ref"] == "SO-1042"
    with db_app.test_request_context():
        html = render_template(
            "evidence/documents/_document.html",
            doc=DOCS[0],
            score=items[0].current.structured["score"],
        )
    assert "Hale &amp; Co" in html and "£61.56" in html and "<b>500</b>" not in html


def test_only_the_learner_can_add_their_run_and_documents_are_checked(session) -> None:
    p = seed(session)
    with pytest.raises(ValidationError):
        services.create_simulator_work_products(
            session,
            learner=p["learner"],
            run_id=1,
            order_type="urgent",
            score=SCORE,
            documents=DOCS,
            criteria=["MP1"],
            actor=p["learner_b"],
        )
    with pytest.raises(ValidationError):
        services.create_simulator_work_products(
            session,
            learner=p["learner"],
            run_id=1,
            order_type="urgent",
            score=SCORE,
            documents=[{"kind": "invoice", "data": {}}],
            criteria=["MP1"],
            actor=p["learner"],
        )


def _queries(session, fn) -> int:
    """How many SQL statements ``fn`` issues."""
    count = 0

    def before(*_a, **_k):
        nonlocal count
        count += 1

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return count


def _add(session, learner, n: int) -> None:
    for i in range(n):
        item = services.create_item(
            session,
            actor=learner,
            kind="reflection",
            details=details(f"Reflection {i}"),
            data={"what_happened": "x"},
        )
        services.set_claims(
            session, item.id, {"MP1": "shows it", "K1": "explains"}, actor=learner
        )
    session.commit()


def test_list_and_matrix_issue_the_same_number_of_queries_for_10_and_100_items(
    session,
) -> None:
    p = seed(session)
    session.commit()
    counts = []
    for total in (10, 100):
        _add(session, p["learner"], total - (10 if total == 100 else 0))
        session.expire_all()
        list_q = _queries(
            session,
            lambda: [
                (
                    i.current.title,
                    [c.criterion.code for c in i.current.claims],
                    i.testimony,
                )
                for i in services.list_items(
                    session, p["learner"].id, actor=p["learner"], per_page=200
                )[0]
            ],
        )
        session.expire_all()
        matrix_q = _queries(
            session,
            lambda: coverage_for(session, p["learner"].id, actor=p["learner"]),
        )
        counts.append((list_q, matrix_q))
    assert counts[0] == counts[1], counts


def test_outbox_stores_without_smtp_and_delivers_and_redacts_with_it(
    session, monkeypatch
) -> None:
    row = send_mail(
        session, "a@example.com", "Hi", "link https://x/sign/SECRET", config={}
    )
    assert row.status == "stored"
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            assert (host, port) == ("smtp.test", 2525)

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

        def send_message(self, msg):
            sent.append(msg)

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    config = {"SMTP_HOST": "smtp.test", "SMTP_PORT": 2525, "MAIL_FROM": "p@x"}
    queued = send_mail(
        session, "b@example.com", "Sign", "https://x/sign/SECRET2", config=config
    )
    assert queued.status == "queued"
    assert deliver_queued(session, config, redact=["SECRET2"]) == 1
    assert sent[0]["To"] == "b@example.com" and "SECRET2" in sent[0].get_content()
    assert (
        queued.status == "sent"
        and "SECRET2" not in queued.body
        and REDACTED in queued.body
    )
    assert (
        session.scalars(
            select(OutboxMessage).where(OutboxMessage.status == "stored")
        ).one()
        is row
    )
