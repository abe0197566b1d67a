"""Shared fixtures: apps on SQLite and PostgreSQL, clients, users, CSRF helpers."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portfolio import create_app
from portfolio.config import TestConfig
from portfolio.extensions import db
from tests.integration.storage.s3server import s3_server  # noqa: F401 - fixture

PG_URL = os.environ.get("TEST_DATABASE_URL")
REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"
PASSWORD = "correct horse battery"


def _skip_or_fail(reason: str, required: bool) -> None:
    """Skip when optional, fail when CI requires the dependency."""
    if required:
        pytest.fail(f"required but unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for this run, dropped at the end."""
    if not PG_URL:
        _skip_or_fail("TEST_DATABASE_URL is not set", REQUIRE_POSTGRES)
    server = make_url(PG_URL)
    name = f"sop_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        _skip_or_fail(f"PostgreSQL not reachable: {exc}", REQUIRE_POSTGRES)
    url = server.set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_schema(pg_url: str) -> str:
    """Create every table once in the PostgreSQL test database."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": pg_url}, config=TestConfig)
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return pg_url


def make_test_app(tmp_path, **overrides) -> Flask:
    """A test app with its own storage folder and the given overrides."""
    config = {"STORAGE_DIR": str(tmp_path / "storage")}
    config.update(overrides)
    return create_app(config, config=TestConfig)


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    """A test app on a fresh in-memory SQLite database."""
    app = make_test_app(tmp_path)
    with app.app_context():
        db.create_all()
    yield app


@pytest.fixture(params=["sqlite", "postgres"])
def db_app(request, tmp_path) -> Iterator[Flask]:
    """The same test on SQLite and on PostgreSQL (integration tests)."""
    if request.param == "sqlite":
        app = make_test_app(tmp_path)
        with app.app_context():
            db.create_all()
        yield app
        return
    url = request.getfixturevalue("pg_schema")
    app = make_test_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
    yield app
    with app.app_context():
        db.session.remove()
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def session(db_app: Flask):
    """A database session inside an app context, on both databases."""
    with db_app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def client(app: Flask):
    """A test client for the SQLite app."""
    return app.test_client()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path: str = "/auth/login") -> str:
    """Fetch a page and return the CSRF token of the client's session."""
    resp = client.get(path)
    if resp.status_code in (301, 302):
        resp = client.get("/dashboard")
    match = CSRF_RE.search(resp.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, email: str, password: str = PASSWORD):
    """Sign in through the form, CSRF token included."""
    token = csrf_token(client)
    return client.post(
        "/auth/login", data={"email": email, "password": password, "csrf_token": token}
    )


def post(client, url: str, data: dict | None = None, **kwargs):
    """POST a form with a valid CSRF token for the client's session."""
    payload = {"csrf_token": csrf_token(client)}
    payload.update(data or {})
    return client.post(url, data=payload, **kwargs)


REQUIRE_CLAMAV = os.environ.get("REQUIRE_CLAMAV") == "1"
REDIS_URL = os.environ.get("TEST_REDIS_URL")
REQUIRE_REDIS = os.environ.get("REQUIRE_REDIS") == "1"


@pytest.fixture
def redis_cache() -> Iterator[dict[str, str]]:
    """Settings for an app whose page and session caches live in the test Redis.

    Each test gets its own key prefix, deleted afterwards.
    """
    from redis import Redis

    if not REDIS_URL:
        _skip_or_fail("TEST_REDIS_URL is not set", REQUIRE_REDIS)
    redis = Redis.from_url(REDIS_URL)
    try:
        redis.ping()
    except Exception as exc:  # noqa: BLE001
        _skip_or_fail(f"Redis not reachable: {exc}", REQUIRE_REDIS)
    prefix = f"test:{uuid.uuid4().hex}:"
    yield {"PAGE_CACHE_URL": str(REDIS_URL), "PAGE_CACHE_PREFIX": prefix}
    keys = list(redis.scan_iter(f"{prefix}*"))
    if keys:
        redis.delete(*keys)


@pytest.fixture(scope="session")
def clamd_socket() -> str:
    """clamd on a private socket with the committed signatures (ops/clamav/db)."""
    import subprocess
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "ops" / "clamav" / "start-clamd.sh"
    # One daemon per machine (the script reuses a live one), not one per test run.
    run_dir = os.environ.get("CLAMAV_RUN_DIR", "/tmp/sop-clamd")
    try:
        done = subprocess.run(
            ["bash", str(script), run_dir],
            capture_output=True, text=True, timeout=120, check=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        _skip_or_fail(f"clamd could not be started: {exc}", REQUIRE_CLAMAV)
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture
def scanning_app(tmp_path, clamd_socket) -> Iterator[Flask]:
    """A test app whose uploads go through ClamAV."""
    app = make_test_app(tmp_path, MALWARE_SCANNER="clamav", CLAMAV_SOCKET=clamd_socket)
    with app.app_context():
        db.create_all()
    yield app
