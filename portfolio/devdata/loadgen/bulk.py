"""Bulk inserts through SQLAlchemy Core, and the audit chain computed in one pass."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert, select, text

from portfolio.audit import chain
from portfolio.audit.models import AuditEvent
from portfolio.audit.services import _LOCK_KEY
from portfolio.core.time import as_utc

CHUNK = 5000


def _chunks(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    """Slices of at most CHUNK rows (bounded memory per statement)."""
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Executemany INSERT of ``rows`` (no ids needed back)."""
    for chunk in _chunks(rows):
        conn.execute(insert(table), list(chunk))


def insert_ids(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Executemany INSERT returning the new ids in the order of ``rows``."""
    ids: list[int] = []
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    for chunk in _chunks(rows):
        ids.extend(conn.execute(stmt, list(chunk)).scalars().all())
    return ids


class AuditBatch:
    """Audit events collected in order, hashed into the chain in one pass at the end."""

    def __init__(self) -> None:
        """Start an empty batch."""
        self.rows: list[dict[str, Any]] = []

    def add(
        self, ts: datetime, actor: tuple[int, str] | None, action: str, **kw: Any
    ) -> None:
        """Queue one event (``actor`` is ``(id, email)``; None for the system)."""
        self.rows.append(
            {
                "ts": ts.replace(microsecond=0),
                "actor_id": actor[0] if actor else None,
                "actor_label": actor[1] if actor else "system",
                "action": action,
                "object_type": kw["object_type"],
                "object_id": None
                if kw.get("object_id") is None
                else str(kw["object_id"]),
                "learner_id": kw.get("learner_id"),
                "details": chain.canonical(kw.get("details") or {}),
                "ip": None,
            }
        )

    def write(self, conn: Connection) -> int:
        """Link every queued row to the current head and insert them in order."""
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        table = AuditEvent.__table__
        head = conn.execute(
            select(table.c.hash).order_by(table.c.id.desc()).limit(1)
        ).scalar()
        prev = head or chain.GENESIS
        for row in self.rows:
            fields = {**row, "ts": as_utc(row["ts"]).isoformat()}
            row["prev_hash"] = prev
            row["hash"] = prev = chain.link_hash(prev, fields)
        insert_rows(conn, table, self.rows)  # type: ignore[arg-type]  # __table__ is a Table
        return len(self.rows)
