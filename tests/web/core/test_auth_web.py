"""Sign-in, sign-out, session replay, CSRF, rate limiting and headers."""

from __future__ import annotations

import pytest

from portfolio.core.roles import Role
from portfolio.extensions import db
from tests.conftest import csrf_token, login, make_test_app, post
from tests.factories import PASSWORD, make_people, make_user


@pytest.fixture
def people(app):
    with app.app_context():
        users = make_people(db.session)
        db.session.commit()
        return {k: (u.id, u.email) for k, u in users.items()}


def test_login_lands_on_dashboard_and_logout_ends_session(app, client, people) -> None:
    resp = login(client, people["learner"][1])
    assert resp.status_code == 302 and resp.location.endswith("/dashboard")
    page = client.get("/dashboard")
    assert page.status_code == 200 and b'id="learner-dashboard"' in page.data
    replay = client.get_cookie("session").value
    assert post(client, "/auth/logout").status_code == 302
    assert client.get("/dashboard").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", replay)
    resp = thief.get("/dashboard")
    assert resp.status_code == 302 and "/auth/login" in resp.location


def test_wrong_password_and_unknown_email_look_the_same(client, people) -> None:
    a = login(client, people["learner"][1], "wrong password here")
    b = login(client, "nobody@test.example", PASSWORD)
    assert a.status_code == b.status_code == 200
    assert b"Email or password is not correct." in a.data
    strip = lambda r: r.get_data(as_text=True).split('name="csrf_token"')[0]  # noqa: E731
    assert strip(a) == strip(b)


def test_password_change_ends_other_sessions(app, people) -> None:
    first, second = app.test_client(), app.test_client()
    email = people["learner"][1]
    login(first, email)
    login(second, email)
    resp = post(
        second,
        "/auth/password",
        {"current": PASSWORD, "new": "brand new phrase", "confirm": "brand new phrase"},
    )
    assert resp.status_code == 302
    assert first.get("/dashboard").status_code == 302
    assert second.get("/dashboard").status_code == 200


def test_password_change_bad_input_writes_nothing(app, client, people) -> None:
    login(client, people["learner"][1])
    resp = post(
        client,
        "/auth/password",
        {"current": "not it", "new": "brand new phrase", "confirm": "brand new phrase"},
    )
    assert resp.status_code == 422 and b"current password is not correct" in resp.data
    resp = post(
        client,
        "/auth/password",
        {"current": PASSWORD, "new": "password1234", "confirm": "password1234"},
    )
    assert b"too common" in resp.data
    other = app.test_client()
    assert login(other, people["learner"][1]).status_code == 302


def test_deactivation_signs_the_user_out(app, people) -> None:
    learner, admin = app.test_client(), app.test_client()
    login(learner, people["learner"][1])
    login(admin, people["admin"][1])
    resp = post(admin, f"/admin/users/{people['learner'][0]}", {"roles": ["learner"]})
    assert resp.status_code == 302
    assert learner.get("/dashboard").status_code == 302
    assert login(app.test_client(), people["learner"][1]).status_code == 200


def test_post_without_csrf_token_is_400(client, people) -> None:
    resp = client.post(
        "/auth/login", data={"email": people["learner"][1], "password": PASSWORD}
    )
    assert resp.status_code == 400
    login(client, people["admin"][1])
    resp = client.post(
        "/admin/cohorts",
        data={
            "name": "X",
            "start_date": "2026-01-01",
            "planned_end_date": "2026-06-01",
        },
    )
    assert resp.status_code == 400
    assert b"form expired" in resp.data


def test_next_parameter_only_allows_local_paths(client, people) -> None:
    for target in ["https://evil.example/x", "//evil.example", "/\\evil.example"]:
        c = client.application.test_client()
        token = csrf_token(c)
        resp = c.post(
            f"/auth/login?next={target}",
            data={
                "email": people["learner"][1],
                "password": PASSWORD,
                "csrf_token": token,
            },
        )
        assert resp.location.endswith("/dashboard"), target
    c = client.application.test_client()
    token = csrf_token(c)
    resp = c.post(
        "/auth/login?next=/auth/tokens",
        data={"email": people["learner"][1], "password": PASSWORD, "csrf_token": token},
    )
    assert resp.location.endswith("/auth/tokens")


def test_login_is_rate_limited_per_account(tmp_path) -> None:
    app = make_test_app(tmp_path, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="5/minute")
    with app.app_context():
        db.create_all()
        make_user(db.session, "target@test.example")
        db.session.commit()
    statuses = []
    for i in range(7):
        c = app.test_client()
        token = csrf_token(c)
        statuses.append(
            c.post(
                "/auth/login",
                data={
                    "email": "target@test.example",
                    "password": "wrong guess",
                    "csrf_token": token,
                },
                environ_base={"REMOTE_ADDR": f"10.0.0.{i}"},
            ).status_code
        )
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    c = app.test_client()
    token = csrf_token(c)
    resp = c.post(
        "/auth/login",
        data={
            "email": "target@test.example",
            "password": PASSWORD,
            "csrf_token": token,
        },
    )
    assert resp.status_code == 429
    assert c.get("/dashboard").status_code == 302


def test_security_headers_on_pages_and_errors(client, people) -> None:
    for resp in (
        client.get("/auth/login"),
        client.get("/nope"),
        client.get("/healthz"),
    ):
        assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
        assert "object-src 'none'" in resp.headers["Content-Security-Policy"]
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Referrer-Policy"]
    login(client, people["learner"][1])
    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"


def test_production_config_refuses_to_start_without_secret_and_uses_secure_cookies(
    monkeypatch,
) -> None:
    from portfolio import create_app
    from portfolio.config import Config

    monkeypatch.setattr(Config, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, config=Config)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": "x" * 32,
            "SEAL_KEY": "s" * 32,
        },
        config=Config,
    )
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert not app.debug and not app.testing


def test_healthz_reports_database(client) -> None:
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.json == {"status": "ok", "database": True}


def test_role_dashboards(app, people) -> None:
    for role in ("learner", "supervisor", "assessor", "iqa", "admin"):
        c = app.test_client()
        login(c, people[role][1])
        body = c.get("/dashboard").get_data(as_text=True)
        assert f'id="{role}-dashboard"' in body
        others = {"learner", "supervisor", "assessor", "iqa", "admin"} - {role}
        assert not any(f'id="{o}-dashboard"' in body for o in others)
    assert Role.LEARNER.value == "learner"
