"""Start-up reconciliation: what a killed process may have left behind.

- An export whose runner died stays "running" for ever: mark it failed (a user or
  ``jobs.retry`` can queue it again). A runner on this host is dead when its pid
  is gone; on another host, when it has not reported for ``stale_after``.
- A stored object that no row names (the process died between storing the file
  and committing its row) is moved to ``quarantine/``, once older than ``grace``
  so that an upload still in flight elsewhere is left alone.
- Temporary files of interrupted writes (never visible under an object's name)
  are deleted once older than ``grace``.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from portfolio.assessment.models import ProfessionalDiscussion
from portfolio.core.time import as_utc, utcnow
from portfolio.core.typing import Session
from portfolio.evidence.models import EvidenceVersion
from portfolio.evidence.services.storage import Storage
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services import exports as export_services

INTERRUPTED = "The export was interrupted (its worker stopped). Start it again."


@dataclass
class Reconciled:
    """What one reconciliation pass changed."""

    failed_exports: list[str] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    temp_files_removed: int = 0

    def lines(self) -> list[str]:
        """A summary for the console."""
        return [
            f"Interrupted exports marked failed: {len(self.failed_exports)}",
            f"Orphan stored files quarantined: {len(self.quarantined)}",
            f"Temporary files removed: {self.temp_files_removed}",
        ]


def _runner_dead(runner: str | None, host: str) -> bool:
    """Whether ``host:pid`` names a process on this host that no longer exists."""
    name, _, pid = (runner or "").rpartition(":")
    if name != host or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def fail_interrupted_exports(
    session: Session, *, stale_after: timedelta, host: str | None = None
) -> list[str]:
    """Mark failed every running export whose runner is gone; their public ids."""
    here = host or socket.gethostname()
    cutoff = utcnow() - stale_after
    failed = []
    running = select(PortfolioExport).where(
        PortfolioExport.status == ExportStatus.RUNNING
    )
    for export in session.scalars(running):
        beat = export.heartbeat_at or export.created_at
        if _runner_dead(export.runner, here) or as_utc(beat) < cutoff:
            export_services.fail_export(session, export, INTERRUPTED)
            failed.append(export.public_id)
    return failed


def referenced_objects(session: Session) -> set[str]:
    """Every SHA-256 a row points at."""
    names = set(session.scalars(select(EvidenceVersion.file_sha256)))
    names |= set(session.scalars(select(ProfessionalDiscussion.audio_sha256)))
    names.discard(None)
    return {str(name) for name in names}


def quarantine_orphans(
    session: Session, storage: Storage, *, grace: timedelta
) -> list[str]:
    """Move stored objects that no row names (and older than ``grace``) aside."""
    cutoff = time.time() - grace.total_seconds()
    known = referenced_objects(session)
    orphans = sorted(
        sha
        for sha, written in storage.objects().items()
        if sha not in known and written < cutoff
    )
    for sha in orphans:
        storage.quarantine(sha)
    return orphans


def remove_stale_temp_files(storage: Storage, *, grace: timedelta) -> int:
    """Delete this host's temp files of interrupted writes."""
    cutoff = time.time() - grace.total_seconds()
    removed = 0
    folder = storage.root / "tmp"
    for path in folder.glob("*") if folder.is_dir() else ():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def reconcile(
    session: Session,
    storage: Storage | None,
    *,
    grace: timedelta,
    stale_after: timedelta,
) -> Reconciled:
    """One pass (flushes; the caller commits). ``storage=None``: exports only."""
    done = Reconciled()
    done.failed_exports = fail_interrupted_exports(session, stale_after=stale_after)
    if storage is not None:
        done.quarantined = quarantine_orphans(session, storage, grace=grace)
        done.temp_files_removed = remove_stale_temp_files(storage, grace=grace)
    session.flush()
    return done
