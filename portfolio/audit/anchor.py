"""The audit chain's head, anchored outside the database (issue 16 #9).

After every commit that appended audit events, the newest ``id hash`` pair is appended
to a file (``AUDIT_ANCHOR_PATH``; by default ``audit-head.log`` in the instance folder,
off in tests unless configured). Deleting the newest rows from the database then no
longer leaves an intact-looking chain: ``audit-verify`` compares the database with the
anchor.
"""

from __future__ import annotations

import os
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

_KEY = "audit_head"


def anchor_path() -> str | None:
    """Where the head is anchored, or None when anchoring is off."""
    if not has_app_context():
        return None
    configured = current_app.config.get("AUDIT_ANCHOR_PATH")
    if configured or current_app.testing:
        return configured or None
    return os.path.join(current_app.instance_path, "audit-head.log")


def remember_head(session: Any, row_id: int, row_hash: str) -> None:
    """Note the newest event of this transaction; it is anchored on commit."""
    session.info[_KEY] = (row_id, row_hash)


@event.listens_for(OrmSession, "after_commit")
def _anchor(session: OrmSession) -> None:
    """Append the committed head to the anchor file (append-only, 0600)."""
    head = session.info.pop(_KEY, None)
    path = anchor_path()
    if head is None or path is None:
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{head[0]} {head[1]}\n".encode())
    finally:
        os.close(fd)


@event.listens_for(OrmSession, "after_rollback")
def _forget(session: OrmSession) -> None:
    """A rolled-back event was never part of the chain."""
    session.info.pop(_KEY, None)


def anchored_head(path: str) -> tuple[int, str] | None:
    """The highest anchored ``(id, hash)``, or None when nothing was anchored."""
    if not os.path.exists(path):
        return None
    best: tuple[int, str] | None = None
    with open(path, encoding="ascii") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) == 2 and parts[0].isdigit():
                pair = (int(parts[0]), parts[1])
                best = pair if best is None or pair[0] > best[0] else best
    return best
