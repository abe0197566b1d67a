"""CLI commands and migrations, on SQLite files and PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from portfolio.devdata.cli import demo_command
from portfolio.extensions import db
from tests.conftest import PG_URL, make_test_app

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


@pytest.fixture(params=["sqlite", "postgres"])
def empty_db_url(request, tmp_path):
    """A URL to an empty database (a file for SQLite, a new PostgreSQL database)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    request.getfixturevalue("pg_url")  # skips or fails when PostgreSQL is missing
    server = make_url(PG_URL)
    name = f"sop_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_migrations_build_the_models_schema_and_roll_back(
    empty_db_url, tmp_path
) -> None:
    app = make_test_app(tmp_path, SQLALCHEMY_DATABASE_URI=empty_db_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(
                    conn, opts={"compare_type": True, "render_as_batch": True}
                ),
                db.metadata,
            )
        assert diff == [], f"models and migrations differ: {diff}"
        assert inspect(db.engine).has_table("audit_event")
        downgrade(revision="base")
        assert not inspect(db.engine).has_table("audit_event")
        upgrade()
        with db.engine.begin() as conn:  # the append-only triggers exist after upgrade
            conn.execute(
                text(
                    "INSERT INTO audit_event (ts, actor_label, action, object_type, details,"
                    " prev_hash, hash) VALUES (CURRENT_TIMESTAMP, 's', 'a', 'o', '{}', 'p', 'h')"
                )
            )
        with pytest.raises(Exception, match="append-only"):
            with db.engine.begin() as conn:
                conn.execute(text("DELETE FROM audit_event"))
        db.engine.dispose()


def test_seed_command_is_idempotent_and_audit_verify_finds_tampering(
    empty_db_url, tmp_path
) -> None:
    app = make_test_app(tmp_path, SQLALCHEMY_DATABASE_URI=empty_db_url)
    runner = app.test_cli_runner()
    with app.app_context():
        upgrade()
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0 and "row(s) changed" in first.output
    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0 and "0 row(s) changed" in second.output
    demo = runner.invoke(demo_command, args=["--seed", "3"])
    assert demo.exit_code == 0 and "learner@example.com" in demo.output
    ok = runner.invoke(args=["audit-verify"])
    assert ok.exit_code == 0 and "intact" in ok.output
    with app.app_context(), db.engine.begin() as conn:
        if db.engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
        else:
            conn.execute(
                text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change")
            )
        conn.execute(
            text("UPDATE audit_event SET actor_label = 'someone else' WHERE id = 4")
        )
    bad = runner.invoke(args=["audit-verify"])
    assert bad.exit_code == 1
    assert "row 4" in bad.output
    with app.app_context():
        db.engine.dispose()


def test_seed_with_a_broken_file_fails_cleanly(app, tmp_path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("units:\n  - code: HSO\n    title: T\n    criteria: []\n")
    result = app.test_cli_runner().invoke(args=["seed", "--framework", str(bad)])
    assert result.exit_code == 1
    assert "broken.yaml" in result.output and "criteria" in result.output
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM unit")).scalar() == 0
        assert (
            db.session.execute(text("SELECT count(*) FROM audit_event")).scalar() == 0
        )


def test_demo_is_a_flask_plugin_command_outside_the_runtime_package() -> None:
    from importlib.metadata import entry_points

    found = {ep.name: ep.value for ep in entry_points(group="flask.commands")}
    assert found.get("demo") == "portfolio.devdata.cli:demo_command"
