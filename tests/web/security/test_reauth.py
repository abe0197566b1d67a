"""Sensitive actions ask for the password again after a while (SECURITY #10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from portfolio.audit.models import AuditEvent
from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.extensions import db
from tests.conftest import csrf_token, login, make_test_app
from tests.factories import PASSWORD, make_people

NEW_USER = {
    "display_name": "Priya Natarajan",
    "email": "priya@test.example",
    "roles": "assessor",
    "password": "lantern meadow copper 19",
}


@pytest.fixture
def app(tmp_path):
    app = make_test_app(tmp_path, REAUTH_MINUTES=15)
    with app.app_context():
        db.create_all()
        make_people(db.session)
        db.session.commit()
    return app


def _users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def _actions(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action)).all()


def _create_user(client):
    return client.post(
        "/admin/users/new",
        data={**NEW_USER, "csrf_token": csrf_token(client, "/admin/users/new")},
        headers={"Referer": "http://localhost/admin/users/new"},
    )


def test_a_fresh_sign_in_goes_straight_through(app) -> None:
    client = app.test_client()
    login(client, "admin@test.example")
    before = _users(app)
    reply = _create_user(client)
    assert reply.status_code == 302, reply.get_data(as_text=True)
    assert "/auth/confirm" not in reply.headers["Location"]
    assert _users(app) == before + 1


def test_after_the_window_the_password_is_asked_and_nothing_is_written(app) -> None:
    client = app.test_client()
    login(client, "admin@test.example")
    before = _users(app)
    with freeze_time(utcnow() + timedelta(minutes=16)):
        assert client.get("/admin/users/new").status_code == 200  # reading is fine
        reply = _create_user(client)
        assert reply.status_code == 303
        assert reply.headers["Location"].startswith("/auth/confirm?next=")
        assert reply.headers["Location"].endswith("next=/admin/users/new")
        assert _users(app) == before

        page = client.get(reply.headers["Location"])
        assert "Confirm your password" in page.get_data(as_text=True)
        url = reply.headers["Location"]
        wrong = client.post(
            url, data={"password": "not it", "csrf_token": csrf_token(client, url)}
        )
        assert "That is not your password" in wrong.get_data(as_text=True)
        assert "auth.reauth_failed" in _actions(app)

        right = client.post(
            url, data={"password": PASSWORD, "csrf_token": csrf_token(client, url)}
        )
        assert right.status_code == 302
        assert right.headers["Location"] == "/admin/users/new"
        assert "auth.reauthenticated" in _actions(app)
        assert _create_user(client).status_code == 302
        assert _users(app) == before + 1

    # The confirmation itself lasts for the window, then is asked again.
    # (The session itself is still live: it was last seen 16 minutes before.)
    with freeze_time(utcnow() + timedelta(minutes=16 + 16)):
        assert client.get("/admin/users/new").status_code == 200
        assert _create_user(client).status_code == 303


def test_learner_sign_off_asks_again_after_the_window(app) -> None:
    client = app.test_client()
    login(client, "learner@test.example")
    with freeze_time(utcnow() + timedelta(minutes=20)):
        reply = client.post(
            "/assessment/sign-off",
            data={"csrf_token": csrf_token(client, "/assessment/sign-off")},
        )
        assert reply.status_code == 303
        assert reply.headers["Location"].startswith("/auth/confirm")


def test_the_confirmation_never_redirects_off_site(app) -> None:
    client = app.test_client()
    login(client, "admin@test.example")
    url = "/auth/confirm?next=//evil.example/steal"
    reply = client.post(
        url, data={"password": PASSWORD, "csrf_token": csrf_token(client, url)}
    )
    assert reply.status_code == 302
    assert "evil.example" not in reply.headers["Location"]


def test_an_empty_password_is_a_clear_error(app) -> None:
    client = app.test_client()
    login(client, "admin@test.example")
    reply = client.post(
        "/auth/confirm",
        data={"password": "", "csrf_token": csrf_token(client, "/auth/confirm")},
    )
    assert reply.status_code == 422
    assert "Enter your password." in reply.get_data(as_text=True)
