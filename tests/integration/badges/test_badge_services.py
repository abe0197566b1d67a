"""Issuing and verifying badges through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from portfolio.assessment import services as assessment
from portfolio.audit.models import AuditEvent
from portfolio.auth.models import User
from portfolio.badges import services
from portfolio.badges.domain.credential import BadgeStatus
from tests.web.api.badge_helpers import signed_off

ISSUER = services.Issuer("Northgate Training Centre", "https://c.example")


def test_issue_once_verify_then_revoke(session, tmp_path) -> None:
    ids = signed_off(session)
    learner = session.get(User, ids["learner"])
    signer = services.load_signer(tmp_path / "key.pem")
    badge = services.issue_credential(
        session, ids["sign_off"], actor=learner, signer=signer, issuer=ISSUER
    )
    again = services.issue_credential(
        session, ids["sign_off"], actor=learner, signer=signer, issuer=ISSUER
    )
    assert again.id == badge.id
    assert services.verify_jwt(session, badge.jwt, signer).status == BadgeStatus.VALID
    events = session.scalars(
        select(AuditEvent.action).where(AuditEvent.action == "badge.issued")
    ).all()
    assert len(events) == 1
    iqa = session.get(User, ids["iqa"])
    assessment.unlock_portfolio(session, learner.id, actor=iqa, reason="Re-check")
    session.flush()
    assert services.verify_jwt(session, badge.jwt, signer).status == BadgeStatus.REVOKED


def test_a_key_from_elsewhere_does_not_verify(session, tmp_path) -> None:
    ids = signed_off(session)
    learner = session.get(User, ids["learner"])
    ours = services.load_signer(tmp_path / "ours.pem")
    theirs = services.load_signer(tmp_path / "theirs.pem")
    badge = services.issue_credential(
        session, ids["sign_off"], actor=learner, signer=ours, issuer=ISSUER
    )
    result = services.verify_jwt(session, badge.jwt, theirs)
    assert result.status == BadgeStatus.INVALID
    assert services.load_signer(tmp_path / "ours.pem").kid == ours.kid  # reloaded
