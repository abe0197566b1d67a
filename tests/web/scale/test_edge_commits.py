"""The request edge commits only when a request wrote something (no COMMIT per view)."""

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


def test_read_only_pages_do_not_commit_but_writes_do(app, client) -> None:
    _people(app)
    commits = _commits(app)
    assert login(client, "assessor@test.example").status_code == 302
    assert commits, "signing in writes a session row and must commit"
    commits.clear()
    for path in ("/healthz", "/dashboard", "/assessment/caseload"):
        assert client.get(path).status_code == 200
    assert commits == []


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
