"""Fixtures for the scale tests: apps on their own SQLite file or PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import create_engine, event, make_url, text

from portfolio.extensions import db
from tests.conftest import PG_URL, REQUIRE_POSTGRES, _skip_or_fail, make_test_app


@pytest.fixture
def own_pg_url() -> Iterator[str]:
    """A PostgreSQL database of this test's own (backup tests drop its schema)."""
    if not PG_URL:
        _skip_or_fail("TEST_DATABASE_URL is not set", REQUIRE_POSTGRES)
    server = make_url(PG_URL)
    name = f"sop_scale_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        _skip_or_fail(f"PostgreSQL not reachable: {exc}", REQUIRE_POSTGRES)
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def file_db_app(request, tmp_path) -> Iterator[Flask]:
    """An app on a SQLite file or its own PostgreSQL database, tables created."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'portfolio.db'}"
    else:
        url = request.getfixturevalue("own_pg_url")
    app = make_test_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def wipe(app: Flask) -> None:
    """Drop every table (and, on PostgreSQL, the whole public schema)."""
    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        else:
            db.drop_all()
        db.engine.dispose()


@contextmanager
def sealing_testimonies() -> Iterator[None]:
    """Seal testimonies that raw-row fixtures sign (the app seals them on signing).

    The seal must go in the same UPDATE that signs: a signed row cannot change.
    """
    from portfolio.evidence.models import Testimony
    from portfolio.evidence.services.signatures import testimony_seal

    def _seal(_mapper, _conn, target) -> None:  # noqa: ANN001
        if target.content_sha256 and not target.seal:
            target.seal = testimony_seal(target)

    event.listen(Testimony, "before_update", _seal)
    try:
        yield
    finally:
        event.remove(Testimony, "before_update", _seal)
