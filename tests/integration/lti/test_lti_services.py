"""LTI services on SQLite and PostgreSQL: launch storage, accounts, keys."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.errors import ConflictError, ValidationError
from portfolio.lti import services
from portfolio.lti.domain import LaunchIdentity, PlatformSpec
from portfolio.lti.models import LtiAccount, LtiLaunchValue
from tests.factories import make_user


def _platform(session):
    return services.register_platform(
        session,
        PlatformSpec(
            name="LMS",
            issuer="https://lms.example",
            client_id="c1",
            auth_login_url="https://lms.example/auth",
            auth_token_url="https://lms.example/token",
            key_set_url="https://lms.example/jwks",
            deployment_ids=("d1",),
        ),
        actor=None,
    )


def _identity(sub="s1", email="ann@lms.example", role="learner") -> LaunchIdentity:
    return LaunchIdentity("https://lms.example", sub, email, "Ann Lee", role)


def test_a_nonce_is_accepted_once(session) -> None:
    storage = services.DatabaseLaunchStorage(session)
    storage.set_value("lti1p3-nonce-abc", True)
    assert storage.check_value("lti1p3-nonce-abc") is True
    assert storage.check_value("lti1p3-nonce-abc") is False
    assert storage.get_value("lti1p3-nonce-abc") is None


def test_values_expire_and_are_purged(session) -> None:
    storage = services.DatabaseLaunchStorage(session)
    storage.set_value("launch-1", {"sub": "x"}, exp=60)
    assert storage.get_value("launch-1") == {"sub": "x"}
    row = session.scalars(select(LtiLaunchValue)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.flush()
    assert storage.get_value("launch-1") is None
    assert storage.check_value("launch-1") is False
    assert services.purge_expired(session) == 1


def test_a_launch_creates_then_finds_the_account(session) -> None:
    platform = _platform(session)
    user = services.account_for_launch(session, platform, _identity())
    assert user.roles == {Role.LEARNER} and user.email == "ann@lms.example"
    again = services.account_for_launch(
        session, platform, _identity(email="changed@lms.example")
    )
    assert again.id == user.id
    assert len(session.scalars(select(LtiAccount)).all()) == 1


def test_a_launch_never_raises_an_existing_role(session) -> None:
    platform = _platform(session)
    make_user(session, "ann@lms.example", [Role.LEARNER])
    with pytest.raises(ConflictError, match="other roles"):
        services.account_for_launch(session, platform, _identity(role="assessor"))


def test_a_launch_without_a_role_is_refused(session) -> None:
    with pytest.raises(ValidationError, match="no access"):
        services.account_for_launch(session, _platform(session), _identity(role=None))


def test_a_platform_without_an_email_gets_a_placeholder_address(session) -> None:
    platform = _platform(session)
    user = services.account_for_launch(session, platform, _identity(email=None))
    assert user.email.endswith("@lti.invalid")


def test_the_tool_key_is_made_once_and_private(tmp_path) -> None:
    path = tmp_path / "keys" / "lti.pem"
    key = services.load_tool_key(path)
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert services.load_tool_key(path) == key
    jwk = key.jwk()
    assert (jwk["kty"], jwk["alg"], jwk["kid"]) == ("RSA", "RS256", key.kid)
    assert "d" not in jwk  # the public half only
