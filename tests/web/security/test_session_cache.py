"""The session check from Redis: as strict as the database's, one query cheaper.

With the page cache's Redis, a signed-in request usually checks its session from
Redis. Every way a session stops being valid must still take effect on the very
next request: signing out, being signed out by an administrator, a password
change, a switched-off account, a removed role, the idle and absolute limits.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time
from redis import Redis
from sqlalchemy import event, select

from portfolio.auth.models import AuthSession, User, UserRole
from portfolio.auth.services import accounts
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.extensions import db
from tests.conftest import REDIS_URL, csrf_token, login, post
from tests.integration.evidence.helpers import seeded_app

ASSESSOR_PAGE = "/assessment/queue"


@pytest.fixture
def app(tmp_path, redis_cache):
    return seeded_app(tmp_path, "sessions", **redis_cache)


def _as(app, email: str):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def _session_queries(app, client, path: str) -> list[str]:
    """The statements reading auth_session while ``client`` GETs ``path``."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def note(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if "auth_session" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return seen


def _as_user(app, user_id: int, change) -> None:  # noqa: ANN001
    """Apply ``change(session, user)`` and commit, as a service call would."""
    with app.app_context():
        change(db.session, db.session.get(User, user_id))
        db.session.commit()


def test_a_repeated_request_checks_its_session_without_the_database(app) -> None:
    assessor = _as(app, "assessor@test.example")
    assessor.get(ASSESSOR_PAGE)  # the first check is cached
    assert _session_queries(app, assessor, ASSESSOR_PAGE) == []
    # and the cache holds no secret
    redis = Redis.from_url(REDIS_URL)
    stored = b"".join(
        redis.get(k) for k in redis.scan_iter(f"{app.config['PAGE_CACHE_PREFIX']}sess:*")
    )
    with app.app_context():
        user = db.session.get(User, app.config["IDS"]["assessor"])
        assert user.password_hash.encode() not in stored
    assert b"password" not in stored and b"totp" not in stored


def test_signing_out_ends_the_session_at_once(app) -> None:
    assessor = _as(app, "assessor@test.example")
    assessor.get(ASSESSOR_PAGE)
    cookie = assessor.get_cookie("session").value
    token = csrf_token(assessor, ASSESSOR_PAGE)
    assert assessor.post("/auth/logout", data={"csrf_token": token}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    assert replay.get(ASSESSOR_PAGE).status_code == 302  # to sign-in


def test_an_administrator_signing_someone_out_ends_every_session(app) -> None:
    one = _as(app, "assessor@test.example")
    two = _as(app, "assessor@test.example")
    for client in (one, two):
        client.get(ASSESSOR_PAGE)
        assert client.get(ASSESSOR_PAGE).status_code == 200
    _as_user(app, app.config["IDS"]["assessor"],
             lambda s, u: accounts.end_all_sessions(s, u))  # fmt: skip
    assert one.get(ASSESSOR_PAGE).status_code == 302
    assert two.get(ASSESSOR_PAGE).status_code == 302


def test_a_password_change_ends_the_other_sessions(app) -> None:
    here = _as(app, "assessor@test.example")
    other = _as(app, "assessor@test.example")
    other.get(ASSESSOR_PAGE)
    assert other.get(ASSESSOR_PAGE).status_code == 200
    changed = post(here, "/auth/password", {
        "current": "correct horse battery",
        "new": "a much longer passphrase 2026",
        "confirm": "a much longer passphrase 2026",
    })  # fmt: skip
    assert changed.status_code in (302, 303), changed.get_data(as_text=True)[:500]
    assert other.get(ASSESSOR_PAGE).status_code == 302
    assert here.get(ASSESSOR_PAGE).status_code == 200


def test_a_switched_off_account_is_signed_out_at_once(app) -> None:
    assessor = _as(app, "assessor@test.example")
    assessor.get(ASSESSOR_PAGE)

    def switch_off(_session, user) -> None:  # noqa: ANN001
        user.active = False

    _as_user(app, app.config["IDS"]["assessor"], switch_off)
    assert assessor.get(ASSESSOR_PAGE).status_code == 302


def test_a_removed_role_applies_to_the_next_request(app) -> None:
    assessor = _as(app, "assessor@test.example")
    assessor.get(ASSESSOR_PAGE)
    assert assessor.get(ASSESSOR_PAGE).status_code == 200

    def demote_and_add_iqa(_session, user) -> None:  # noqa: ANN001
        # roles replaced by a direct edit, without ending the sessions
        user.role_rows = [UserRole(role=Role.IQA.value)]

    _as_user(app, app.config["IDS"]["assessor"], demote_and_add_iqa)
    assert assessor.get(ASSESSOR_PAGE).status_code == 404


def test_the_idle_and_absolute_limits_still_apply(app) -> None:
    assessor = _as(app, "assessor@test.example")
    assessor.get(ASSESSOR_PAGE)
    with freeze_time(utcnow() + timedelta(minutes=31)):
        assert assessor.get(ASSESSOR_PAGE).status_code == 302
    lasting = _as(app, "assessor@test.example")
    lasting.get(ASSESSOR_PAGE)
    start = utcnow()
    for minutes in range(25, 12 * 60, 25):  # active all day, every 25 minutes
        with freeze_time(start + timedelta(minutes=minutes)):
            assert lasting.get(ASSESSOR_PAGE).status_code == 200
    with freeze_time(start + timedelta(hours=12, minutes=1)):
        assert lasting.get(ASSESSOR_PAGE).status_code == 302


def test_the_touch_is_still_written_once_a_minute(app) -> None:
    assessor = _as(app, "assessor@test.example")
    assessor.get(ASSESSOR_PAGE)
    later = utcnow() + timedelta(minutes=5)
    with freeze_time(later):
        assessor.get(ASSESSOR_PAGE)
    with app.app_context():
        seen = db.session.scalars(
            select(AuthSession.last_seen_at).where(
                AuthSession.user_id == app.config["IDS"]["assessor"]
            )
        ).all()
    assert any(abs((s.replace(tzinfo=None) - later.replace(tzinfo=None)).total_seconds()) < 2
               for s in seen)  # fmt: skip


def test_without_redis_the_database_checks_the_session(tmp_path) -> None:
    app = seeded_app(tmp_path, "down", PAGE_CACHE_URL="redis://127.0.0.1:9/0")
    assessor = _as(app, "assessor@test.example")
    assert assessor.get(ASSESSOR_PAGE).status_code == 200
    assert len(_session_queries(app, assessor, ASSESSOR_PAGE)) == 1
