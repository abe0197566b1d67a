"""EQA access by an e-mailed signed link with a one-time code: audited, ends by itself."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from portfolio.assessment.models import EqaLink
from portfolio.audit.models import AuditEvent
from portfolio.auth.grants import AccessGrant
from portfolio.auth.models import User
from portfolio.core.time import as_utc, utcnow
from portfolio.extensions import db
from portfolio.mail.models import OutboxMessage
from tests.conftest import login, post
from tests.integration.assessment.helpers import seed

EMAIL = "auditor@eqa.example"


def _world(app):
    with app.app_context():
        people = seed(db.session)
        db.session.commit()
        return people["learner"].id, people["learner_b"].id


def _invite(app, learner_id, days="7"):
    iqa = app.test_client()
    login(iqa, "iqa@test.example")
    return post(
        iqa,
        "/assessment/eqa/links",
        {
            "link-name": "Alex Auditor",
            "link-email": EMAIL,
            "link-learners": [str(learner_id)],
            "link-days": days,
        },
    )


def _mail(app):
    """The newest e-mail to the assurer: its link path and code."""
    with app.app_context():
        body = db.session.scalars(
            select(OutboxMessage.body)
            .where(OutboxMessage.to_addr == EMAIL)
            .order_by(OutboxMessage.id.desc())
        ).first()
    assert body is not None
    path = re.search(r"(/assessment/eqa/open/[^\s]+)", body)
    code = re.search(r"one-time code: (\d{8})", body)
    assert path and code, body
    return path.group(1), code.group(1)


def _actions(app, action):
    with app.app_context():
        return db.session.scalars(
            select(AuditEvent.object_id).where(AuditEvent.action == action)
        ).all()


def test_link_and_code_sign_the_assurer_in_read_only_and_audited(app) -> None:
    learner, other = _world(app)
    assert _invite(app, learner).status_code == 302
    path, code = _mail(app)
    eqa = app.test_client()
    assert "Enter your one-time code" in eqa.get(path).get_data(as_text=True)
    wrong = post(eqa, path, {"code": "00000000" if code != "00000000" else "1" * 8})
    assert "That code is not right" in wrong.get_data(as_text=True)
    assert '<a href="#code">' in wrong.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(EqaLink.failed_attempts)) == 1
    resp = post(eqa, path, {"code": code})
    assert resp.status_code == 302 and resp.location.endswith(
        "/assessment/eqa/learners"
    )
    coverage = f"/assessment/learners/{learner}/coverage"
    assert coverage in eqa.get("/assessment/eqa/learners").get_data(as_text=True)
    assert eqa.get(coverage).status_code == 200
    assert eqa.get(f"/assessment/learners/{other}/coverage").status_code == 404
    assert eqa.get("/assessment/caseload").status_code == 404
    assert coverage in _actions(app, "eqa.viewed")
    assert _actions(app, "eqa.link_sent") and _actions(app, "eqa.link_opened")
    again = app.test_client()
    used = post(again, path, {"code": code})
    assert "That code has been used" in used.get_data(as_text=True)


def test_a_new_code_replaces_the_old_one(app) -> None:
    learner, _ = _world(app)
    _invite(app, learner)
    path, first = _mail(app)
    eqa = app.test_client()
    assert post(eqa, path + "/code").status_code == 302
    _, second = _mail(app)
    if first != second:
        assert "not right" in post(eqa, path, {"code": first}).get_data(as_text=True)
    assert post(eqa, path, {"code": second}).status_code == 302


def test_the_link_and_the_access_end_by_themselves(app) -> None:
    learner, _ = _world(app)
    _invite(app, learner, days="3")
    path, code = _mail(app)
    eqa = app.test_client()
    assert post(eqa, path, {"code": code}).status_code == 302
    coverage = f"/assessment/learners/{learner}/coverage"
    assert eqa.get(coverage).status_code == 200
    with app.app_context():  # three days pass: both ends are what the grant set
        link = db.session.scalars(select(EqaLink)).one()
        grant = db.session.scalars(select(AccessGrant)).one()
        assert as_utc(link.expires_at) == as_utc(grant.expires_at)
        assert as_utc(grant.expires_at) - utcnow() > timedelta(days=2, hours=23)
        link.expires_at = grant.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert eqa.get(coverage).status_code == 404
    listing = eqa.get("/assessment/eqa/learners").get_data(as_text=True)
    assert "You have no access at the moment." in listing
    ended = app.test_client().get(path)
    assert ended.status_code == 410
    assert "This link has ended" in ended.get_data(as_text=True)
    assert post(app.test_client(), path + "/code").status_code == 410


def test_a_forged_link_is_not_found(app) -> None:
    _world(app)
    assert app.test_client().get("/assessment/eqa/open/forged.token").status_code == 404


def test_bad_invite_reports_every_error_linked_and_writes_nothing(app) -> None:
    _world(app)
    iqa = app.test_client()
    login(iqa, "iqa@test.example")
    resp = post(
        iqa,
        "/assessment/eqa/links",
        {"link-name": "", "link-email": "megan@", "link-days": "lots"},
    )
    body = resp.get_data(as_text=True)
    assert resp.status_code == 422
    for anchor, message in (
        ("link-name", "Enter the assurer&#39;s full name."),
        ("link-email", "Enter an email address in the right format"),
        ("link-learners-0", "Choose at least one learner."),  # its first box
        ("link-days", "Enter for how many days, as a number from 1 to 90."),
    ):
        assert f'<a href="#{anchor}">{message}' in body, anchor
    assert "Not a valid integer value." not in body
    with app.app_context():
        assert db.session.scalar(select(func.count(EqaLink.id))) == 0
        assert db.session.scalar(select(User.id).where(User.email == EMAIL)) is None


def test_a_staff_address_cannot_be_invited_as_an_assurer(app) -> None:
    learner, _ = _world(app)
    iqa = app.test_client()
    login(iqa, "iqa@test.example")
    resp = post(
        iqa,
        "/assessment/eqa/links",
        {
            "link-name": "The assessor",
            "link-email": "assessor@test.example",
            "link-learners": [str(learner)],
            "link-days": "5",
        },
    )
    assert resp.status_code == 422
    assert "belongs to a centre account" in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(EqaLink.id))) == 0
