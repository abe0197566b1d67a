"""The request edge: read-only pages write nothing; a stale session touch is committed.

A read-only request ends its transaction with a COMMIT that writes nothing (on
PostgreSQL a ROLLBACK would make psycopg drop the connection's prepared statements).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, select, update

from portfolio.auth.models import AuthSession
from portfolio.core.time import as_utc, utcnow
from portfolio.extensions import db
from portfolio.framework.services import load_framework
from tests.conftest import login
from tests.factories import make_people

ROOT = Path(__file__).resolve().parents[3]


def _commits(app) -> list[int]:  # noqa: ANN001
    """A list that grows by one on every COMMIT the app's engine sends."""
    seen: list[int] = []
    with app.app_context():
        event.listen(db.engine, "commit", lambda _conn: seen.append(1))
    return seen


def _people(app) -> None:  # noqa: ANN001
    with app.app_context():
        load_framework(db.session, ROOT / "seeds" / "framework.yaml")
        make_people(db.session)
        db.session.commit()


def _statements(app) -> list[str]:  # noqa: ANN001
    """Every SQL statement the app's engine sends from now on."""
    seen: list[str] = []
    with app.app_context():
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda _c, _cur, sql, *_args: seen.append(sql.lstrip().upper()),
        )
    return seen


def _rollbacks(app) -> list[int]:  # noqa: ANN001
    """A list that grows by one on every ROLLBACK the app's engine sends."""
    seen: list[int] = []
    with app.app_context():
        event.listen(db.engine, "rollback", lambda _conn: seen.append(1))
    return seen


def test_read_only_pages_write_nothing_and_end_with_a_commit(db_app) -> None:
    app, client = db_app, db_app.test_client()
    _people(app)
    commits = _commits(app)
    assert login(client, "assessor@test.example").status_code == 302
    assert commits, "signing in writes a session row and must commit"
    statements, rollbacks = _statements(app), _rollbacks(app)
    for path in ("/healthz", "/dashboard", "/assessment/caseload"):
        assert client.get(path).status_code == 200
    assert statements, "the pages read the database"
    written = [s for s in statements if not s.startswith(("SELECT", "WITH"))]
    assert written == []
    # Each request's transaction is committed (nothing to write), never rolled back.
    assert rollbacks == []


def test_a_refused_request_is_rolled_back(app, client) -> None:
    _people(app)
    assert login(client, "assessor@test.example").status_code == 302
    rollbacks = _rollbacks(app)
    assert client.get("/assessment/learners/999999/coverage").status_code == 404
    assert rollbacks, "a 404 must roll its transaction back"


def test_a_stale_session_touch_is_committed(app, client) -> None:
    _people(app)
    assert login(client, "assessor@test.example").status_code == 302
    stale = utcnow() - timedelta(minutes=5)
    with app.app_context():
        db.session.execute(update(AuthSession).values(last_seen_at=stale))
        db.session.commit()
    commits = _commits(app)
    assert client.get("/dashboard").status_code == 200
    assert commits == [1]
    with app.app_context():
        seen = db.session.scalar(select(AuthSession.last_seen_at))
        assert as_utc(seen) > stale + timedelta(minutes=4)
