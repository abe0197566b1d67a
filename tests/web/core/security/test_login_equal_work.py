"""Unknown e-mails and wrong passwords cost the same work (issue 16 #4, #9)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from portfolio.audit.models import AuditEvent
from portfolio.auth import passwords
from portfolio.extensions import db
from tests.conftest import login
from tests.factories import make_people


def test_the_dummy_hash_is_made_once_and_then_only_verified(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls = {"hash": 0, "verify": 0}
    real_hash, real_verify = passwords.hash_password, passwords.verify_password

    def counting_hash(p: str) -> str:
        calls["hash"] += 1
        return real_hash(p)

    def counting_verify(h: str, p: str) -> bool:
        calls["verify"] += 1
        return real_verify(h, p)

    monkeypatch.setattr(passwords, "hash_password", counting_hash)
    monkeypatch.setattr(passwords, "verify_password", counting_verify)
    monkeypatch.setattr(passwords, "_DUMMY", {})
    with app.app_context():
        for _ in range(5):
            passwords.burn_time("guess")
    assert calls == {"hash": 1, "verify": 5}
    assert len(passwords._DUMMY) == 1


def test_unknown_email_and_wrong_password_look_and_record_the_same(app, client) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        make_people(db.session)
        db.session.commit()
    unknown = login(client, "nobody@test.example", "wrong password 1")
    wrong = app.test_client()
    known = login(wrong, "learner@test.example", "wrong password 1")
    assert unknown.status_code == known.status_code
    strip = re.compile(rb'value="[^"]*"')  # CSRF tokens differ per session
    assert strip.sub(b"", unknown.get_data()) == strip.sub(b"", known.get_data())
    with app.app_context():
        failed = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "auth.login_failed")
        )
    assert failed == 2
