"""The first admin comes from `flask create-admin` with a one-time link (SECURITY #5)."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from flask_migrate import upgrade
from freezegun import freeze_time
from sqlalchemy import func, select

from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.extensions import db
from tests.conftest import csrf_token, login, make_test_app
from tests.factories import make_user

LINK = re.compile(r"http://[^/\s]+(/auth/setup/\S+)")
SECRET_RE = re.compile(r'<code class="token">([A-Z2-7]{32})</code>')
NEW = "violet kettle harbour 42"
EMAIL = "head.of.centre@test.example"


@pytest.fixture
def app(tmp_path):
    """A migrated, empty database; no role needs MFA by configuration."""
    app = make_test_app(
        tmp_path,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        MFA_REQUIRED_ROLES="",
    )
    with app.app_context():
        upgrade()
    return app


def _create(app, email: str = EMAIL) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", email, "--name", "Dana Whitfield"]
    )
    return result.exit_code, result.output


def _path(output: str) -> str:
    return LINK.search(output).group(1)


def _set(client, path: str, new: str = NEW, confirm: str | None = None):
    return client.post(
        path,
        data={
            "new": new,
            "confirm": confirm or new,
            "csrf_token": csrf_token(client, "/auth/login"),
        },
    )


def test_a_fresh_database_has_no_accounts(app) -> None:
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_create_admin_prints_a_link_that_works_once(app) -> None:
    code, output = _create(app)
    assert code == 0, output
    assert "works once" in output
    path = _path(output)
    client = app.test_client()
    page = client.get(path)
    assert page.status_code == 200
    assert "Choose your password" in page.get_data(as_text=True)
    done = _set(client, path)
    assert done.status_code == 302 and done.headers["Location"].endswith("/auth/login")
    again = client.get(path)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)
    assert _set(client, path, "another long passphrase 7").status_code == 410
    # Only the first password counts.
    assert login(app.test_client(), EMAIL, NEW).status_code == 302


def test_the_link_expires_after_a_day(app) -> None:
    _, output = _create(app)
    path = _path(output)
    with freeze_time(utcnow() + timedelta(hours=24, minutes=1)):
        client = app.test_client()
        assert client.get(path).status_code == 410
        assert _set(client, path).status_code == 410
    with app.app_context():
        admin = db.session.scalars(select(User).where(User.email == EMAIL)).one()
        assert admin.mfa_required  # nothing about the account changed


def test_a_weak_password_is_refused_and_the_link_still_works(app) -> None:
    _, output = _create(app)
    path = _path(output)
    client = app.test_client()
    weak = _set(client, path, "qwerty12345")
    assert weak.status_code == 422
    assert "This password is too common." in weak.get_data(as_text=True)
    assert client.get(path).status_code == 200


def test_the_new_admin_must_enrol_mfa_before_any_admin_page(app) -> None:
    _, output = _create(app)
    client = app.test_client()
    _set(client, _path(output))
    assert login(client, EMAIL, NEW).status_code == 302
    for page in ("/admin/users", "/dashboard", "/admin/users/new"):
        reply = client.get(page)
        assert reply.status_code == 302, page
        assert "/auth/mfa/setup" in reply.headers["Location"]
    setup = client.get("/auth/mfa/setup")
    secret = SECRET_RE.search(setup.get_data(as_text=True)).group(1)
    enrolled = client.post(
        "/auth/mfa/setup",
        data={
            "code": pyotp.TOTP(secret).now(),
            "csrf_token": csrf_token(client, "/auth/mfa/setup"),
        },
    )
    assert enrolled.status_code == 200
    assert client.get("/admin/users").status_code == 200


def test_an_existing_email_is_refused_and_nothing_is_written(app) -> None:
    with app.app_context():
        make_user(db.session, EMAIL, ["assessor"])
        db.session.commit()
    code, output = _create(app)
    assert code == 1
    assert "already exists" in output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_a_reset_link_does_not_open_the_setup_page(app) -> None:
    _, output = _create(app)
    token = _path(output).rsplit("/", 1)[1]
    client = app.test_client()
    assert client.get(f"/auth/reset/{token}").status_code == 410


def test_the_link_is_built_on_the_public_address_behind_trusted_hosts(
    tmp_path,
) -> None:
    app = make_test_app(
        tmp_path,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'hosts.sqlite3'}",
        TRUSTED_HOSTS=["portfolio.example.org"],
        PUBLIC_BASE_URL="https://portfolio.example.org",
    )
    with app.app_context():
        upgrade()
    code, output = _create(app)
    assert code == 0, output
    assert "https://portfolio.example.org/auth/setup/" in output
