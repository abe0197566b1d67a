"""Every signed-in page resolves its session, user and roles in one query."""

from __future__ import annotations

from datetime import timedelta

from portfolio.auth.models import AuthSession
from portfolio.auth.services import accounts
from portfolio.core.roles import Role
from portfolio.core.time import as_utc, utcnow
from portfolio.extensions import db
from tests.factories import make_user
from tests.web.assessment.test_query_counts import counting

LIVE = {"idle": timedelta(minutes=30), "absolute": timedelta(hours=12)}


def _signed_in(session) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A user with two roles and a live session: (token, session id)."""
    user = make_user(session, "two.roles@test.example", [Role.LEARNER, Role.ASSESSOR])
    row = accounts.start_session(session, user, ip=None, user_agent=None)
    session.commit()
    return f"{user.id}:{row.id}", row.id


def test_the_session_user_and_roles_come_in_one_query(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        token, _ = _signed_in(db.session)
        db.session.expunge_all()  # a new request: nothing in the identity map
        with counting(db.engine) as seen:
            user = accounts.load_session_user(db.session, token, **LIVE)
            assert user is not None
            assert user.roles == {Role.LEARNER, Role.ASSESSOR}
            assert user.mfa_gate is None and user.password_at is not None
        assert len(seen) == 1, seen


def test_last_seen_is_touched_at_most_once_a_minute(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        token, session_id = _signed_in(db.session)
        row = db.session.get(AuthSession, session_id)
        assert row is not None
        recent = row.last_seen_at
        assert accounts.load_session_user(db.session, token, **LIVE) is not None
        assert row.last_seen_at == recent  # seconds ago: left alone
        row.last_seen_at = utcnow() - timedelta(minutes=2)
        assert accounts.load_session_user(db.session, token, **LIVE) is not None
        assert utcnow() - as_utc(row.last_seen_at) < timedelta(seconds=5)


def test_an_idle_or_old_session_ends_and_is_deleted(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        token, session_id = _signed_in(db.session)
        row = db.session.get(AuthSession, session_id)
        assert row is not None
        row.created_at = utcnow() - timedelta(hours=13)
        db.session.commit()
        db.session.expunge_all()
        assert accounts.load_session_user(db.session, token, **LIVE) is None
        db.session.flush()
        assert db.session.get(AuthSession, session_id) is None
