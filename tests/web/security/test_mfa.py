"""TOTP two-step sign-in for staff (SECURITY #4, issue 16 #5)."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select, text

from portfolio.audit.models import AuditEvent
from portfolio.auth.models import RecoveryCode, User
from portfolio.core.time import utcnow
from portfolio.extensions import db
from tests.conftest import csrf_token, login, make_test_app
from tests.factories import make_user

SECRET_RE = re.compile(r'<code class="token">([A-Z2-7]{32})</code>')
CODE_RE = re.compile(r"<li><code>([a-z2-9-]{14})</code></li>")


@pytest.fixture
def app(tmp_path):
    """Staff must use a second factor; one assessor and one learner."""
    app = make_test_app(
        tmp_path,
        MFA_REQUIRED_ROLES="assessor,iqa,admin",
        RATELIMIT_ENABLED=True,
        MFA_RATE_LIMIT="5/minute",
    )
    with app.app_context():
        db.create_all()
        make_user(db.session, "assessor@test.example", ["assessor"])
        make_user(db.session, "learner@test.example", ["learner"])
        db.session.commit()
    return app


def _user(app, email="assessor@test.example") -> User:
    with app.app_context():
        return db.session.scalars(select(User).where(User.email == email)).one()


def _code(secret: str, *, steps: int = 0) -> str:
    totp = pyotp.TOTP(secret)
    return totp.at(utcnow() + timedelta(seconds=30 * steps))


def _post(client, url: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data})


def _enrol(app) -> tuple[object, str, list[str]]:
    """Sign in, enrol, return the client, the secret and the recovery codes."""
    client = app.test_client()
    assert login(client, "assessor@test.example").status_code == 302
    setup = client.get("/auth/mfa/setup")
    assert setup.status_code == 200 and b"<svg" in setup.data
    secret = SECRET_RE.search(setup.get_data(as_text=True)).group(1)
    assert _user(app).totp_secret is None  # nothing stored by a GET
    done = _post(client, "/auth/mfa/setup", code=_code(secret))
    assert done.status_code == 200, done.get_data(as_text=True)
    codes = CODE_RE.findall(done.get_data(as_text=True))
    return client, secret, codes


def test_staff_without_mfa_are_sent_to_enrol_before_any_page(app) -> None:
    client = app.test_client()
    login(client, "assessor@test.example")
    for path in ("/dashboard", "/auth/tokens", "/evidence/"):
        reply = client.get(path)
        assert reply.status_code == 302
        assert "/auth/mfa/setup" in reply.headers["Location"]


def test_a_learner_is_not_asked(app) -> None:
    client = app.test_client()
    login(client, "learner@test.example")
    assert client.get("/dashboard").status_code == 200


def test_enrolment_shows_ten_hashed_recovery_codes_and_lets_staff_in(app) -> None:
    client, _, codes = _enrol(app)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/dashboard").status_code == 200
    with app.app_context():
        stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)


def test_next_sign_in_asks_for_a_code_and_a_code_works_once(app) -> None:
    _, secret, _ = _enrol(app)
    client = app.test_client()
    login(client, "assessor@test.example")
    assert "/auth/mfa" in client.get("/dashboard").headers["Location"]
    code = _code(secret, steps=1)  # the enrolment used this step's code
    assert _post(client, "/auth/mfa", code=code).status_code == 302
    assert client.get("/dashboard").status_code == 200
    other = app.test_client()
    login(other, "assessor@test.example")
    replay = _post(other, "/auth/mfa", code=code)
    assert replay.status_code == 200 and b"not right" in replay.data
    assert other.get("/dashboard").status_code == 302


def test_codes_two_steps_old_are_refused(app) -> None:
    _, secret, _ = _enrol(app)
    client = app.test_client()
    login(client, "assessor@test.example")
    assert _post(client, "/auth/mfa", code=_code(secret, steps=-3)).status_code == 200
    assert client.get("/dashboard").status_code == 302


def test_a_recovery_code_works_once(app) -> None:
    _, _, codes = _enrol(app)
    for expected in (302, 200):
        client = app.test_client()
        login(client, "assessor@test.example")
        assert _post(client, "/auth/mfa", code=codes[0].upper()).status_code == expected


def test_the_sixth_bad_code_is_429_and_failures_are_audited(app) -> None:
    _enrol(app)
    client = app.test_client()
    login(client, "assessor@test.example")
    token = csrf_token(client, "/auth/mfa")
    status = [
        client.post(
            "/auth/mfa", data={"csrf_token": token, "code": "000000"}
        ).status_code
        for _ in range(6)
    ]
    assert status == [200] * 5 + [429]
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("auth.mfa_failed") == 5
    assert "security.rate_limited" in actions


def test_passing_mfa_renews_the_session_cookie(app) -> None:
    _, secret, _ = _enrol(app)
    client = app.test_client()
    login(client, "assessor@test.example")
    before = client.get_cookie("session").value
    _post(client, "/auth/mfa", code=_code(secret, steps=1))
    assert client.get_cookie("session").value != before


def test_bad_setup_code_is_a_form_error_and_nothing_enrolled(app) -> None:
    client = app.test_client()
    login(client, "assessor@test.example")
    client.get("/auth/mfa/setup")
    for bad, status in (("", 422), ("12345", 422), ("x" * 40, 422), ("\x00" * 6, 400)):
        assert _post(client, "/auth/mfa/setup", code=bad).status_code == status
    assert _user(app).mfa_enabled_at is None and _user(app).totp_secret is None


def test_production_requires_mfa_of_staff_by_default() -> None:
    from portfolio.config import Config

    assert set(Config.MFA_REQUIRED_ROLES.split(",")) == {"assessor", "iqa", "admin"}


def test_an_admin_removes_a_lost_authenticator_and_the_user_enrols_again(
    tmp_path,
) -> None:
    app = make_test_app(tmp_path, MFA_REQUIRED_ROLES="assessor")
    with app.app_context():
        db.create_all()
        make_user(db.session, "assessor@test.example", ["assessor"])
        make_user(db.session, "admin@test.example", ["admin"])
        db.session.commit()
    client, _, _ = _enrol(app)
    admin = app.test_client()
    login(admin, "admin@test.example")
    assessor_id = _user(app).id
    page = admin.get(f"/admin/users/{assessor_id}")
    assert "Remove their authenticator" in page.get_data(as_text=True)
    reply = _post(admin, f"/admin/users/{assessor_id}/mfa/reset")
    assert reply.status_code == 302
    user = _user(app)
    assert user.totp_secret is None and user.mfa_enabled_at is None
    with app.app_context():
        assert not db.session.scalars(
            select(RecoveryCode).where(RecoveryCode.user_id == assessor_id)
        ).all()
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "auth.mfa_reset")
        ).one()
        assert event.object_id == str(assessor_id)
    # Their browser was signed out; at the next sign-in they set up a new one.
    assert client.get("/dashboard").status_code == 302
    fresh = app.test_client()
    login(fresh, "assessor@test.example")
    assert "/auth/mfa/setup" in fresh.get("/dashboard").headers["Location"]
    # Nothing to remove a second time: a clear message, nothing written.
    again = _post(admin, f"/admin/users/{assessor_id}/mfa/reset")
    assert again.status_code == 302
    assert "has no two-step sign-in to reset" in admin.get(
        f"/admin/users/{assessor_id}"
    ).get_data(as_text=True)


def test_the_totp_secret_is_encrypted_at_rest(app) -> None:
    client, secret, _ = _enrol(app)
    with app.app_context():
        raw = db.session.execute(
            text("SELECT totp_secret FROM user_account WHERE email = :e"),
            {"e": "assessor@test.example"},
        ).scalar_one()
    assert raw.startswith("f1:") and secret not in raw
    assert _user(app).totp_secret == secret  # the application reads it back
    # A different SEAL_KEY cannot read it: the key lives outside the database.
    from cryptography.fernet import InvalidToken

    app.config["SEAL_KEY"] = "another-seal-key-entirely"
    with app.app_context(), pytest.raises(InvalidToken):
        db.session.scalars(
            select(User.totp_secret).where(User.email == "assessor@test.example")
        ).one()
