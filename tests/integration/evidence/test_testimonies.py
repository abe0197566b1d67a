"""Testimony requests, signing links and tamper evidence on both databases."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select, text

from portfolio.core.time import utcnow
from portfolio.errors import ConflictError, ValidationError
from portfolio.evidence import services
from portfolio.evidence.domain import signing
from portfolio.evidence.domain.signing import LinkError
from portfolio.evidence.models import ImmutableError, Testimony, TestimonyLink
from portfolio.mail.models import OutboxMessage
from tests.integration.evidence.helpers import links, make_request, seed

SIG = services.Signature(
    "I saw accurate order entry.", "Sam Supervisor", "Sales office manager", True
)
ORIGIN = services.Origin("203.0.113.9", "Mozilla/5.0 test", "link")


def _request(session, p, **overrides):
    item = services.request_testimony(
        session, make_request(**overrides), actor=p["learner"], links=links()
    )
    mail = session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id.desc())
    ).first()
    token = re.search(r"/evidence/sign/(\S+)", mail.body).group(1)
    return item, token


def _sign(session, token, sig=SIG):
    link = services.resolve_link(session, token, links=links())
    return services.sign_testimony(
        session,
        link.testimony,
        sig,
        origin=services.Origin(ORIGIN.ip, ORIGIN.user_agent, "link", None, link),
    )


def test_request_emails_a_link_that_signs_once(session) -> None:
    p = seed(session)
    item, token = _request(session, p)
    mail = session.scalars(select(OutboxMessage)).one()
    assert (
        mail.to_addr == "supervisor@test.example"
        and "http://portfolio.test/evidence/sign/" in mail.body
    )
    assert item.kind == "witness_testimony" and [
        c.criterion.code for c in item.current.claims
    ] == ["MP1", "MP2"]
    for _ in range(3):  # mail scanners open links: reading changes nothing
        services.resolve_link(session, token, links=links())
    assert (
        session.scalar(select(func.count()).where(TestimonyLink.used_at.is_not(None)))
        == 0
    )
    t = _sign(session, token)
    assert (
        t.state == "signed"
        and t.signed_ip == "203.0.113.9"
        and t.signed_user_agent == "Mozilla/5.0 test"
    )
    assert t.declaration == signing.DECLARATION and len(t.content_sha256) == 64
    assert not services.is_tampered(t)
    with pytest.raises(LinkError) as exc:
        services.resolve_link(session, token, links=links())
    assert exc.value.status == 410 and "already been signed" in str(exc.value)
    with pytest.raises(LinkError):  # a second signature, e.g. in the app
        services.sign_testimony(session, t, SIG, origin=ORIGIN)
    learner_mail = session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_addr == p["learner"].email)
    ).one()
    assert "signed" in learner_mail.subject


def test_signed_content_survives_the_database_round_trip(session) -> None:
    p = seed(session)
    item, token = _request(session, p)
    _sign(session, token)
    session.commit()
    session.expire_all()
    t = session.get(Testimony, item.testimony.id)
    assert not services.is_tampered(t)


def test_editing_signed_text_in_the_database_shows_as_tampered(session) -> None:
    p = seed(session)
    item, token = _request(session, p)
    _sign(session, token)
    session.commit()
    from tests.integration.evidence.security.test_sealed_rows import (
        drop_guards,
        restore_guards,
    )

    drop_guards(session)  # the database refuses the edit otherwise (issue 16 #3)
    session.execute(
        text("UPDATE testimony SET statement = 'edited' WHERE id = :i"),
        {"i": item.testimony.id},
    )
    session.commit()
    session.expire_all()
    assert services.is_tampered(session.get(Testimony, item.testimony.id))
    restore_guards(session)


def test_the_orm_refuses_to_change_a_signed_testimony(session) -> None:
    p = seed(session)
    item, token = _request(session, p)
    t = _sign(session, token)
    session.commit()
    t.statement = "rewritten"
    with pytest.raises(ImmutableError):
        session.flush()


def test_expired_altered_resent_and_changed_links_are_refused(session) -> None:
    p = seed(session)
    item, token = _request(session, p)
    with freeze_time(utcnow() + timedelta(days=14, seconds=2)):
        with pytest.raises(LinkError) as exc:
            services.resolve_link(session, token, links=links())
    assert exc.value.status == 410 and "expired" in str(exc.value)
    with pytest.raises(LinkError) as exc:
        services.resolve_link(
            session,
            token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"),
            links=links(),
        )
    assert exc.value.status == 404
    for sent in item.testimony.links:  # past the resend wait (issue 16)
        sent.created_at = utcnow() - timedelta(minutes=6)
    services.resend_request(session, item.id, actor=p["learner"], links=links())
    with pytest.raises(LinkError) as exc:
        services.resolve_link(session, token, links=links())
    assert exc.value.status == 410 and "replaced" in str(exc.value)
    fresh = re.search(
        r"/evidence/sign/(\S+)",
        session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
        .first()
        .body,
    ).group(1)
    item.testimony.witnessed = "Something else"
    session.flush()
    with pytest.raises(LinkError) as exc:
        services.resolve_link(session, fresh, links=links())
    assert exc.value.status == 409


def test_signature_form_is_checked(session) -> None:
    p = seed(session)
    _, token = _request(session, p)
    link = services.resolve_link(session, token, links=links())
    for sig, field in [
        (services.Signature("x", "Someone Else", "Manager", True), "signer_name"),
        (services.Signature("x", "Sam Supervisor", "Manager", False), "confirmed"),
        (services.Signature("  ", "Sam Supervisor", "Manager", True), "statement"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.sign_testimony(session, link.testimony, sig, origin=ORIGIN)
        assert exc.value.field == field
    assert link.testimony.state == "awaiting" and link.used_at is None


def test_decline_records_a_reason_and_closes_the_link(session) -> None:
    p = seed(session)
    _, token = _request(session, p)
    link = services.resolve_link(session, token, links=links())
    with pytest.raises(ValidationError):
        services.decline_testimony(session, link.testimony, " ", origin=ORIGIN)
    t = services.decline_testimony(
        session, link.testimony, "I was on leave then.", origin=ORIGIN
    )
    assert t.state == "declined" and t.decline_reason == "I was on leave then."
    with pytest.raises(LinkError):
        services.resolve_link(session, token, links=links())


def test_self_witnessing_and_bad_requests_are_refused(session) -> None:
    p = seed(session)
    session.commit()
    for overrides, field in [
        ({"witness_email": "Learner+me@TEST.example"}, "witness_email"),
        ({"witness_email": "not-an-email"}, "witness_email"),
        ({"criteria": ()}, "criteria"),
        ({"criteria": ("ZZ1",)}, "criteria"),
        ({"witness_name": " "}, "witness_name"),
        ({"date_from": make_request().date_to + timedelta(days=1)}, "date_to"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.request_testimony(
                session,
                make_request(**overrides),
                actor=p["learner"],
                links=links(),
            )
        assert exc.value.field == field
        session.rollback()
    assert session.scalar(select(func.count()).select_from(Testimony)) == 0
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_addressee_scoping_and_cancel(session) -> None:
    p = seed(session)
    item, token = _request(session, p)
    assert [
        t.id for t in services.testimonies_for_witness(session, actor=p["supervisor"])
    ] == [item.testimony.id]
    assert services.testimonies_for_witness(session, actor=p["assessor"]) == []
    from portfolio.errors import NotFoundError

    with pytest.raises(NotFoundError):
        services.testimony_for_addressee(
            session, item.testimony.id, actor=p["assessor"]
        )
    with pytest.raises(NotFoundError):
        services.cancel_request(session, item.id, actor=p["learner_b"])
    services.cancel_request(session, item.id, actor=p["learner"])
    assert item.status == "withdrawn"
    with pytest.raises(LinkError):
        services.resolve_link(session, token, links=links())
    with pytest.raises(ConflictError):
        services.resend_request(session, item.id, actor=p["learner"], links=links())


def test_a_testimony_is_submitted_only_once_signed(session) -> None:
    p = seed(session)
    item, token = _request(session, p)
    with pytest.raises(ConflictError, match="signed"):
        services.submit_item(session, item.id, actor=p["learner"])
    _sign(session, token)
    services.submit_item(session, item.id, actor=p["learner"])
    assert item.status == "submitted"
