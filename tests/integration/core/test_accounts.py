"""Account services on SQLite and PostgreSQL."""

from datetime import timedelta

import argon2
import pytest
from sqlalchemy import func, select

from portfolio.audit.models import AuditEvent
from portfolio.auth.models import AuthSession
from portfolio.auth.services import accounts as services
from portfolio.core.roles import Role
from portfolio.errors import ValidationError
from tests.factories import PASSWORD, make_user

LIVE = {"idle": timedelta(minutes=30), "absolute": timedelta(hours=12)}


def test_create_user_stores_argon2id_and_audits(session) -> None:
    user = services.create_user(
        session,
        email=" New.Person@Example.com ",
        display_name="New Person",
        password="a long passphrase",
        roles=["learner", "assessor"],
    )
    assert user.email == "new.person@example.com"
    assert user.password_hash.startswith("$argon2id$")
    params = argon2.extract_parameters(user.password_hash)
    assert params.memory_cost >= 19456 and params.time_cost >= 2
    assert user.roles == {Role.LEARNER, Role.ASSESSOR}
    actions = session.scalars(select(AuditEvent.action)).all()
    assert actions == ["user.create"]


def test_duplicate_email_and_weak_password_are_refused(session) -> None:
    make_user(session, "taken@example.com")
    with pytest.raises(ValidationError) as exc:
        services.create_user(
            session,
            email="TAKEN@example.com",
            display_name="X",
            password="a long passphrase",
            roles=["learner"],
        )
    assert exc.value.field == "email"
    with pytest.raises(ValidationError) as exc:
        services.create_user(
            session,
            email="n@example.com",
            display_name="X",
            password="password1234",
            roles=["learner"],
        )
    assert exc.value.field == "password"


def test_authenticate_and_generic_errors(session) -> None:
    make_user(session, "a@example.com")
    make_user(session, "off@example.com", active=False)
    assert (
        services.authenticate(session, "A@example.com", PASSWORD).email
        == "a@example.com"
    )
    messages = set()
    for email, pw in [
        ("a@example.com", "wrong"),
        ("nobody@example.com", PASSWORD),
        ("off@example.com", PASSWORD),
    ]:
        with pytest.raises(services.AuthError) as exc:
            services.authenticate(session, email, pw)
        messages.add(str(exc.value))
    assert messages == {services.GENERIC_LOGIN_ERROR}


def test_legacy_hash_is_upgraded_on_login(session, db_app) -> None:
    user = make_user(session, "old@example.com")
    weak = argon2.PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    user.password_hash = weak
    services.authenticate(session, "old@example.com", PASSWORD)
    assert user.password_hash != weak
    assert argon2.extract_parameters(user.password_hash).memory_cost >= 19456


def test_sessions_end_on_logout_password_change_and_deactivation(session) -> None:
    user = make_user(session, "s@example.com")
    first = services.start_session(session, user, ip="1.1.1.1", user_agent="ua")
    token_first = f"{user.id}:{first.id}"
    second = services.start_session(session, user, ip="1.1.1.2", user_agent="ua")
    token_second = f"{user.id}:{second.id}"
    assert services.load_session_user(session, token_first, **LIVE) is user
    user.session_id = second.id  # the password is changed from the second browser
    services.change_password(session, user, current=PASSWORD, new="another passphrase")
    assert services.load_session_user(session, token_first, **LIVE) is None
    assert services.load_session_user(session, token_second, **LIVE) is user
    services.end_session(session, user)
    assert services.load_session_user(session, token_second, **LIVE) is None
    third = services.start_session(session, user, ip=None, user_agent=None)
    services.set_active(session, user, False, actor=None)
    assert services.load_session_user(session, f"{user.id}:{third.id}", **LIVE) is None
    count = session.scalar(select(func.count()).select_from(AuthSession))
    assert count == 0


def test_idle_session_expires(session) -> None:
    user = make_user(session, "idle@example.com")
    row = services.start_session(session, user, ip=None, user_agent=None)
    row.last_seen_at = row.last_seen_at - timedelta(minutes=31)
    assert services.load_session_user(session, f"{user.id}:{row.id}", **LIVE) is None


def test_forged_session_tokens_are_rejected(session) -> None:
    user = make_user(session, "f@example.com")
    other = make_user(session, "g@example.com")
    row = services.start_session(session, user, ip=None, user_agent=None)
    for token in [f"{other.id}:{row.id}", f"{user.id}:nope", "x:y", str(user.id)]:
        assert services.load_session_user(session, token, **LIVE) is None


def test_role_change_rules(session) -> None:
    admin = make_user(session, "adm@example.com", [Role.ADMIN])
    with pytest.raises(ValidationError):
        services.set_roles(session, admin, ["learner"], actor=admin)
    with pytest.raises(ValidationError):
        services.set_active(session, admin, False, actor=admin)
    user = make_user(session, "u@example.com")
    services.set_roles(session, user, ["supervisor", "learner"], actor=admin)
    assert user.roles == {Role.SUPERVISOR, Role.LEARNER}
