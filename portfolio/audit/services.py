"""Record audit events and verify the chain."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import select, text

from portfolio.audit import anchor, chain
from portfolio.audit.models import AuditEvent
from portfolio.core.time import as_utc, utcnow
from portfolio.core.typing import Session

_LOCK_KEY = 4_242_001  # PostgreSQL advisory lock serialising chain appends


def _fields(row: AuditEvent) -> dict[str, Any]:
    """The hashed content of a row (everything but id and the hashes)."""
    return {
        "ts": as_utc(row.ts).isoformat(),
        "actor_id": row.actor_id,
        "actor_label": row.actor_label,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "learner_id": row.learner_id,
        "details": row.details,
        "ip": row.ip,
    }


def record_event(
    session: Session,
    *,
    actor: Any | None,
    action: str,
    object_type: str,
    object_id: Any = None,
    learner_id: int | None = None,
    details: Mapping[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one event to the chain and flush it."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    head = session.scalars(
        select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    row = AuditEvent(
        ts=utcnow().replace(microsecond=0),
        actor_id=getattr(actor, "id", None),
        actor_label=getattr(actor, "email", None) or str(actor or "system"),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        learner_id=learner_id,
        details=chain.canonical(details or {}),
        ip=ip,
        prev_hash=head or chain.GENESIS,
    )
    row.hash = chain.link_hash(row.prev_hash, _fields(row))
    session.add(row)
    session.flush()
    anchor.remember_head(session, row.id, row.hash)
    return row


def _links(session: Session) -> Iterator[chain.Link]:
    """Stream every row as a chain link, in id order."""
    rows = session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()
    for row in rows.yield_per(1000):
        yield chain.Link(row.id, _fields(row), row.prev_hash, row.hash)


def verify_chain(session: Session) -> chain.Break | None:
    """Recompute the whole chain; return the first break or None."""
    return chain.verify(_links(session))


def check_anchor(session: Session) -> str | None:
    """Why the database disagrees with the anchored head, or None when it agrees."""
    path = anchor.anchor_path()
    head = anchor.anchored_head(path) if path else None
    if head is None:
        return None
    stored = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == head[0]))
    if stored is None:
        return f"row {head[0]} was anchored outside the database but is missing"
    if stored != head[1]:
        return f"row {head[0]} does not match the hash anchored outside the database"
    return None


def events_for_learner(
    session: Session, learner_id: int, limit: int = 200
) -> list[AuditEvent]:
    """The newest events about one learner's portfolio."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.learner_id == learner_id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def details_of(row: AuditEvent) -> dict[str, Any]:
    """Decode a row's details JSON."""
    decoded: dict[str, Any] = json.loads(row.details or "{}")
    return decoded
