"""The audit head is anchored outside the database (issue 16 #9)."""

from __future__ import annotations

import os
import stat

from sqlalchemy import text

from portfolio.audit.services import record_event
from portfolio.extensions import db
from tests.conftest import make_test_app


def _app(tmp_path):  # type: ignore[no-untyped-def]
    app = make_test_app(
        tmp_path,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'a.db'}",
        AUDIT_ANCHOR_PATH=str(tmp_path / "audit-head.log"),
    )
    with app.app_context():
        db.create_all()
        for n in range(5):
            record_event(
                db.session,
                actor=None,
                action="test.event",
                object_type="t",
                object_id=n,
            )
            db.session.commit()
    return app


def _verify(app):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["audit-verify"])


def test_each_commit_appends_the_head_to_a_private_file(tmp_path) -> None:
    app = _app(tmp_path)
    path = tmp_path / "audit-head.log"
    lines = path.read_text().splitlines()
    assert [line.split()[0] for line in lines] == ["1", "2", "3", "4", "5"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert _verify(app).exit_code == 0


def test_a_rolled_back_event_is_not_anchored(tmp_path) -> None:
    app = _app(tmp_path)
    with app.app_context():
        record_event(db.session, actor=None, action="test.event", object_type="t")
        db.session.rollback()
        db.session.commit()
    assert len((tmp_path / "audit-head.log").read_text().splitlines()) == 5
    assert _verify(app).exit_code == 0


def test_deleting_the_newest_row_is_detected(tmp_path) -> None:
    app = _app(tmp_path)
    with app.app_context(), db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_delete")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_update")
        triggers = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type='trigger'")
        )
        for (name,) in triggers.all():
            if name.startswith("audit"):
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
        conn.exec_driver_sql("DELETE FROM audit_event WHERE id = 5")
    result = _verify(app)
    assert result.exit_code == 1
    assert "row 5" in result.output and "missing" in result.output
