"""Password reset by e-mail (SECURITY #6) and the password policy (#2)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from portfolio.auth.models import AuthSession, PasswordReset, User
from portfolio.core.time import utcnow
from portfolio.extensions import db
from portfolio.mail.models import OutboxMessage
from tests.conftest import csrf_token, login, make_test_app
from tests.factories import make_user

LINK = re.compile(r"/auth/reset/(\S+)")
EMAIL = "assessor@test.example"


@pytest.fixture
def app(tmp_path):
    app = make_test_app(tmp_path)
    with app.app_context():
        db.create_all()
        make_user(db.session, EMAIL, ["assessor"], name="Robin Marsh")
        db.session.commit()
    return app


def _ask(client, email: str):
    return client.post(
        "/auth/reset",
        data={"email": email, "csrf_token": csrf_token(client, "/auth/reset")},
        follow_redirects=True,
    )


def _mails(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(OutboxMessage.body)).all()


def _token(app) -> str:
    return LINK.search(_mails(app)[-1]).group(1)


def _set(client, token: str, new: str, confirm: str | None = None):
    url = f"/auth/reset/{token}"
    return client.post(
        url,
        data={
            "new": new,
            "confirm": confirm or new,
            "csrf_token": csrf_token(client, "/auth/reset"),
        },
    )


def test_same_answer_for_unknown_and_known_emails(app) -> None:
    client = app.test_client()
    known, unknown = _ask(client, EMAIL), _ask(client, "nobody@test.example")
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: re.sub(r'value="[^"]+"', "", r.get_data(as_text=True))  # noqa: E731
    assert strip(known) == strip(unknown)
    assert len(_mails(app)) == 1


def test_a_link_works_once_and_ends_every_session(app) -> None:
    signed_in = app.test_client()
    login(signed_in, EMAIL)
    assert signed_in.get("/dashboard").status_code == 200
    client = app.test_client()
    _ask(client, EMAIL)
    token = _token(app)
    page = client.get(f"/auth/reset/{token}")
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    assert _set(client, token, "a brand new passphrase").status_code == 302
    assert signed_in.get("/dashboard").status_code == 302  # session ended
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuthSession)) == 0
    assert _set(client, token, "another new passphrase").status_code == 410
    assert login(app.test_client(), EMAIL, "a brand new passphrase").status_code == 302


def test_a_link_older_than_30_minutes_is_refused(app) -> None:
    client = app.test_client()
    _ask(client, EMAIL)
    with app.app_context():
        db.session.execute(
            update(PasswordReset).values(created_at=utcnow() - timedelta(minutes=31))
        )
        db.session.commit()
    assert client.get(f"/auth/reset/{_token(app)}").status_code == 410


def test_a_forged_or_other_salt_token_is_refused(app) -> None:
    from itsdangerous import URLSafeTimedSerializer

    client = app.test_client()
    _ask(client, EMAIL)
    with app.app_context():
        uid = db.session.scalar(select(User.id))
    other = URLSafeTimedSerializer("test-secret", salt="testimony").dumps(
        {"u": uid, "n": "x"}
    )
    for bad in (other, "not-a-token", _token(app)[:-2] + "xx"):
        assert client.get(f"/auth/reset/{bad}").status_code == 410


def test_resends_within_five_minutes_send_one_email(app) -> None:
    client = app.test_client()
    for _ in range(8):
        assert b"If an account uses that address" in _ask(client, EMAIL).data
    assert len(_mails(app)) == 1


@pytest.mark.parametrize(
    "weak",
    ["qwerty12345", "aaaaaaaa", "Password2024!", "robin-marsh-77", "assessor123!x"],
)
def test_weak_new_passwords_are_refused_and_nothing_changes(app, weak) -> None:
    client = app.test_client()
    _ask(client, EMAIL)
    reply = _set(client, _token(app), weak)
    assert reply.status_code == 422
    assert b"too common" in reply.data or b"your name, email" in reply.data
    assert (
        login(app.test_client(), EMAIL).status_code == 302
    )  # old password still works


def test_mismatch_and_empty_are_form_errors(app) -> None:
    client = app.test_client()
    _ask(client, EMAIL)
    assert (
        _set(client, _token(app), "a brand new passphrase", "different").status_code
        == 422
    )
    assert _set(client, _token(app), "").status_code == 422
