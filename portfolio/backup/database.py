"""A consistent dump of the database and its restore into an empty one."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, inspect, make_url, text

from portfolio.backup.archive import BackupError

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"


def _major(version_text: str) -> int:
    """The major version in ``pg_dump (PostgreSQL) 15.20`` and the like."""
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    if match is None:
        raise BackupError(f"cannot read a version from {version_text!r}")
    return int(match.group(1))


def _tool_major(tool: str) -> int:
    """The major version of a PostgreSQL client tool on the PATH."""
    try:
        out = subprocess.run(
            [tool, "--version"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BackupError(f"{tool} is not available: {exc}") from exc
    return _major(out)


def _libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq URI for the engine's database, the password in the environment only."""
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = make_url(str(url.set(drivername="postgresql", password=None)))
    return uri.render_as_string(hide_password=False), env


def revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (None without migrations)."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as conn:
        return cast(
            str | None,
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar(),
        )


def dump(engine: Engine, folder: Path) -> dict[str, Any]:
    """Write a consistent dump into ``folder``; return what the manifest records."""
    info: dict[str, Any] = {
        "dialect": engine.dialect.name,
        "revision": revision(engine),
    }
    if engine.dialect.name == "sqlite":
        info["file"] = SQLITE_FILE
        _dump_sqlite(engine, folder / SQLITE_FILE)
    elif engine.dialect.name == "postgresql":
        info["file"] = POSTGRES_FILE
        info.update(_dump_postgres(engine, folder / POSTGRES_FILE))
    else:
        raise BackupError(f"cannot back up a {engine.dialect.name} database")
    return info


def _dump_sqlite(engine: Engine, target: Path) -> None:
    """SQLite's online backup API: a consistent copy while others keep writing."""
    with engine.connect() as conn:
        source = cast(sqlite3.Connection, conn.connection.driver_connection)
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()


def _dump_postgres(engine: Engine, target: Path) -> dict[str, Any]:
    """``pg_dump -Fc`` (one snapshot); refuse a pg_dump older than the server."""
    with engine.connect() as conn:
        server = (
            int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000
        )
    client = _tool_major("pg_dump")
    if client < server:
        raise BackupError(
            f"pg_dump {client} cannot dump a PostgreSQL {server} server; "
            f"install the PostgreSQL {server} client tools"
        )
    uri, env = _libpq(engine)
    _run(
        ["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(target), uri],
        env,
    )
    return {"server_major": server, "pg_dump_major": client}


def _run(command: list[str], env: dict[str, str]) -> None:
    """Run a client tool; BackupError with its message if it fails."""
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")


def check_empty(engine: Engine) -> None:
    """Restores go into an empty database only; BackupError otherwise."""
    tables = inspect(engine).get_table_names()
    if tables:
        raise BackupError(
            f"restore needs an empty database; this one has {len(tables)} "
            f"table(s) ({', '.join(sorted(tables)[:4])}…)"
        )


def restore(engine: Engine, folder: Path, info: dict[str, Any]) -> None:
    """Load the dump the manifest names into the (empty) database."""
    if info.get("dialect") != engine.dialect.name:
        raise BackupError(
            f"this backup holds a {info.get('dialect')} database; "
            f"the app is configured for {engine.dialect.name}"
        )
    check_empty(engine)
    if engine.dialect.name == "sqlite":
        _restore_sqlite(engine, folder / SQLITE_FILE)
    else:
        _restore_postgres(engine, folder / POSTGRES_FILE, info)


def _restore_sqlite(engine: Engine, source_path: Path) -> None:
    """Copy the backup into the configured database with the backup API."""
    source = sqlite3.connect(source_path)
    try:
        with engine.connect() as conn:
            dest = cast(sqlite3.Connection, conn.connection.driver_connection)
            source.backup(dest)
    finally:
        source.close()


def _restore_postgres(engine: Engine, dump_path: Path, info: dict[str, Any]) -> None:
    """``pg_restore`` in one transaction: all of it or none of it."""
    client = _tool_major("pg_restore")
    if client < int(info.get("pg_dump_major", 0)):
        raise BackupError(
            f"pg_restore {client} cannot read a dump made by "
            f"pg_dump {info['pg_dump_major']}"
        )
    uri, env = _libpq(engine)
    engine.dispose()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "-d",
            uri,
            str(dump_path),
        ],
        env,
    )
